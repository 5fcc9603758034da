import { apiAdapter } from '../channels/api/adapter.js';
import type { Sender } from './senders.js';

/** The production senders, by channel type. */
export function defaultSenders(): Map<string, Sender> {
  return new Map([[apiAdapter.type, apiAdapter.sender]]);
}
