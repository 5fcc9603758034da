import { ChannelDirectory } from './channel-admin/directory.js';
import type { Config } from './config/index.js';
import type { Store } from './store/db.js';
import { EventBus } from './events/bus.js';
import type { Sender } from './channels/contract/send.js';
import { PresenceRegistry } from './realtime/presence.js';
import { createOutbound, type Outbound } from './net/outbound-http.js';

/**
 * The application container handed to commands, routes and workers: configuration, the store,
 * the realtime bus and the clock. Tests build one with buildTestApp (src/test/app.ts).
 */
import type { SpooledDelivery } from './intake/spool/format.js';

export interface App {
  config: Config;
  store: Store;
  bus: EventBus;
  /** Overridable so tests can move time (windows, snoozes, backoff) without sleeping. */
  now(): number;
  /** Per-channel-type senders; tests may replace one with a fake network. */
  senders: Map<string, Sender>;
  /** Who is viewing/typing where (collision detection); ephemeral, shared across nodes by the bus. */
  presence: PresenceRegistry;
  /** Loaded channels for the hot paths, invalidated on change across processes (channel-admin/directory.ts). */
  channels: ChannelDirectory;
  /** The one outbound HTTP client (src/net/outbound-http.ts), with this app's allow-list and limits. */
  outbound: Outbound;
  /**
   * Embedded mode with the worker on its own thread: the receiver appends verified deliveries here
   * instead of inserting journal rows (src/intake/spool/writer.ts). Absent elsewhere.
   */
  intakeSpool?: { append(d: SpooledDelivery): void };
}

export function createApp(config: Config, store: Store, senders: Map<string, Sender>): App {
  const bus = new EventBus(store);
  const app: App = {
    config,
    store,
    bus,
    now: () => Date.now(),
    senders,
    presence: undefined as unknown as PresenceRegistry,
    channels: new ChannelDirectory(store, config, bus),
    outbound: createOutbound({ allow: config.outbound.allow, maxBytes: config.outbound.maxBytes, timeoutMs: config.outbound.timeoutMs }),
  };
  // The registry reads the clock through the app, so tests that move app.now move presence too.
  app.presence = new PresenceRegistry(bus, () => app.now());
  return app;
}
