import { allAdapters } from '../channels/registry.js';
import type { Sender } from '../channels/contract/send.js';

/** The production senders, by channel type: each adapter's own. Tests may swap one for a fake. */
export function defaultSenders(): Map<string, Sender> {
  return new Map(allAdapters().map((a) => [a.type, a.sender]));
}
