import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import type { EventBus } from '../events/bus.js';
import type { Store } from '../store/db.js';
import type { DB } from '../store/schema.js';
import { type LoadedChannel, loadChannel } from '../channels/load-channel.js';

/** Bus topic saying "channel <id> changed" (payload: the id); relayed to other processes on PostgreSQL. */
export const CHANNEL_CHANGED_TOPIC = 'channel.changed';

/**
 * The app's one directory of loaded channels (row + adapter + unsealed secrets + settings), for
 * the paths that look a channel up on every request or delivery: the webhook receiver, the journal
 * processor, the handshake, the outbox sender, the site widget. Unsealing secrets and parsing
 * settings once per channel keeps intake's hot path to a Map lookup.
 *
 * The guarantee: a change to a channel (settings, secrets, status, deletion) is seen at once in
 * the process that made it, normally within milliseconds in every other process on PostgreSQL,
 * and in every process within `config.channelCacheMs` (HEARKEN_CHANNEL_CACHE_MS, 5 s by default)
 * whatever happens.
 *
 * How: a writer calls `changed(id)` AFTER its transaction commits. That drops the entry here and
 * publishes on the bus, whose PostgreSQL relay (LISTEN/NOTIFY) makes every other process drop it
 * too. A NOTIFY can be lost (the listening connection drops and is not re-established, a process
 * was between LISTENs, a writer outside Hearken), so entries also expire after channelCacheMs.
 * We chose expiry over revalidating against an `updated_at` column because channels have no
 * such column (it would take a migration and every writer, pollers included, would have to keep
 * it), and a revalidation query per delivery is exactly the database round trip the cache exists
 * to avoid; expiry costs one indexed SELECT per channel per process every few seconds.
 *
 * Unknown ids are not cached, so a channel created elsewhere is found on its first request.
 * The objects handed out are shared: callers must not mutate them.
 */
export class ChannelDirectory {
  private readonly entries = new Map<string, { ch: LoadedChannel; until: number }>();
  /**
   * Bumped by every invalidation. A load that started before an invalidation may have read the
   * old row, so it is returned to its caller but not cached (else it would outlive the change).
   */
  private epoch = 0;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly bus: EventBus,
  ) {
    bus.on(CHANNEL_CHANGED_TOPIC, (id) => {
      if (typeof id === 'string') this.forget(id);
    });
  }

  /**
   * The channel with this id, or undefined if there is none (no workspace scope: callers that
   * have one compare `row.workspace_id`). Pass `db` when inside a transaction: in embedded mode
   * the one SQLite connection is held by it, and a read outside it would wait for the commit.
   */
  async get(id: string, db: Kysely<DB> = this.store.db): Promise<LoadedChannel | undefined> {
    // A monotonic clock, not app.now(): tests move app.now, and staleness is bounded in real time.
    const now = performance.now();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.ch;
    const epoch = this.epoch;
    const ch = await loadChannel(db, this.config, id);
    if (!ch) {
      this.entries.delete(id);
      return undefined;
    }
    if (epoch === this.epoch && this.config.channelCacheMs > 0) this.entries.set(id, { ch, until: now + this.config.channelCacheMs });
    return ch;
  }

  /**
   * Call after committing any write to a channel row (settings, secrets, status, cursor, deletion):
   * forgets it in this process at once and tells the other processes. Calling it before the commit
   * would let another process reload, and keep, the old row.
   */
  changed(id: string): void {
    this.forget(id);
    this.bus.publish(CHANNEL_CHANGED_TOPIC, id);
  }

  /** Drops this process's copy only (what a message from another process does). */
  forget(id: string): void {
    this.entries.delete(id);
    this.epoch++;
  }
}
