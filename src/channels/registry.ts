import type { ChannelAdapter } from './contract/adapter.js';
import type { Capabilities } from './contract/capabilities.js';
import { apiAdapter } from './api/adapter.js';
import { instagramAdapter, messengerAdapter, whatsappAdapter } from './meta/adapters.js';
import { telegramAdapter } from './telegram/adapter.js';
import { xAdapter } from './x/adapter.js';
import { emailAdapter } from './email/adapter.js';
import { siteAdapter } from './site/adapter.js';
import { AppError } from '../lib/errors.js';

/** Every channel type Hearken knows. Network adapters (Meta, X, Telegram, email…) are listed here. */
const all: ChannelAdapter[] = [apiAdapter, messengerAdapter, instagramAdapter, whatsappAdapter, telegramAdapter, xAdapter, emailAdapter, siteAdapter];
const adapters = new Map<string, ChannelAdapter>(all.map((a) => [a.type, a]));

export function adapterFor(type: string): ChannelAdapter {
  const a = adapters.get(type);
  if (!a)
    throw new AppError('invalid_request', `unknown channel type "${type}"`, [{ field: 'type', reason: `must be one of ${[...adapters.keys()].join(', ')}` }]);
  return a;
}

export const channelTypes = () => [...adapters.keys()];

export const allAdapters = () => [...adapters.values()];

/** A channel's effective capabilities: its network's, narrowed by its own settings where its adapter says how. */
export function capabilitiesOf(type: string, settings: Record<string, unknown>): Capabilities {
  const adapter = adapterFor(type);
  return adapter.capabilitiesFor?.(settings) ?? adapter.capabilities;
}
