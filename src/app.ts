import type { Config } from './config/index.js';
import type { Store } from './store/db.js';
import { EventBus } from './events/bus.js';
import type { Sender } from './outbox/senders.js';

/**
 * The application container handed to commands, routes and workers: configuration, the store,
 * the realtime bus and the clock. Tests build one with buildTestApp (src/test/app.ts).
 */
export interface App {
  config: Config;
  store: Store;
  bus: EventBus;
  /** Overridable so tests can move time (windows, snoozes, backoff) without sleeping. */
  now(): number;
  /** Per-channel-type senders; tests may replace one with a fake network. */
  senders: Map<string, Sender>;
}

export function createApp(config: Config, store: Store, senders: Map<string, Sender>): App {
  return { config, store, bus: new EventBus(store), now: () => Date.now(), senders };
}
