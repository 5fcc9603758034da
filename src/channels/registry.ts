import type { ChannelAdapter } from './adapter.js';
import { apiAdapter } from './api/adapter.js';
import { AppError } from '../lib/errors.js';

/** Every channel type Hearken knows. Network adapters (Meta, X, Telegram, email…) are listed here. */
const all: ChannelAdapter[] = [apiAdapter];
const adapters = new Map<string, ChannelAdapter>(all.map((a) => [a.type, a]));

export function adapterFor(type: string): ChannelAdapter {
  const a = adapters.get(type);
  if (!a) throw new AppError('invalid_request', `unknown channel type "${type}"`, [{ field: 'type', reason: `must be one of ${[...adapters.keys()].join(', ')}` }]);
  return a;
}

export const channelTypes = () => [...adapters.keys()];

export const allAdapters = () => [...adapters.values()];
