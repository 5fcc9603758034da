import { EventEmitter } from 'node:events';
import type { Store } from '../store/db.js';

/** The topic every log wake-up also fires, whatever its workspace: what the reactor loop listens to. */
export const LOG_TOPIC = '__log__';

/**
 * Wakes realtime subscribers when a workspace's event log grows. In one process it is an
 * in-memory emitter; with PostgreSQL it also relays through LISTEN/NOTIFY so that web nodes
 * hear events written by workers on other nodes. Subscribers always re-read the event log
 * from their cursor, so a lost wake-up only delays delivery until the next poll.
 */
export class EventBus {
  private emitter = new EventEmitter();
  private stopListening: (() => Promise<void>) | null = null;
  /** Tells this process's own ephemeral NOTIFYs apart from other nodes' (PostgreSQL echoes them back). */
  private readonly nodeId = Math.random().toString(36).slice(2);

  constructor(private store: Store) {
    this.emitter.setMaxListeners(0);
  }

  poke(workspaceId: string): void {
    this.wake(workspaceId);
    this.store.dialect.notify?.(this.store.db, 'hearken_events', workspaceId).catch(() => {});
  }

  subscribe(workspaceId: string, fn: () => void): () => void {
    this.emitter.on(workspaceId, fn);
    return () => this.emitter.off(workspaceId, fn);
  }

  /** A workspace's wake-up is also LOG_TOPIC's; internal topics (`__jobs__`…) are not the log. */
  private wake(topic: string): void {
    this.emitter.emit(topic);
    if (!topic.startsWith('__')) this.emitter.emit(LOG_TOPIC);
  }

  /**
   * Ephemeral messages (presence, typing): not in the event log, lost if nobody listens, relayed to
   * other nodes through NOTIFY on PostgreSQL. `topic` is e.g. "presence:<workspaceId>".
   */
  publish(topic: string, payload: unknown): void {
    this.emitter.emit(`eph:${topic}`, payload);
    const notify = this.store.dialect.notify;
    // A payload too large for the database's channel is dropped there; presence lists are far smaller.
    if (notify) notify(this.store.db, 'hearken_ephemeral', JSON.stringify({ n: this.nodeId, t: topic, p: payload })).catch(() => {});
  }

  /** Ephemeral message for this process's subscribers only. */
  emitLocal(topic: string, payload: unknown): void {
    this.emitter.emit(`eph:${topic}`, payload);
  }

  on(topic: string, fn: (payload: unknown) => void): () => void {
    this.emitter.on(`eph:${topic}`, fn);
    return () => this.emitter.off(`eph:${topic}`, fn);
  }

  /**
   * Cross-node relay (scale mode): a dedicated connection LISTENing for pokes from other processes.
   * A no-op where the database has no other processes to hear (embedded SQLite).
   */
  async listen(): Promise<void> {
    this.stopListening = await this.store.dialect.listen(this.store.connection ?? {}, ['hearken_events', 'hearken_ephemeral'], (channel, payload) => {
      if (channel === 'hearken_events') this.wake(payload);
      else {
        try {
          const m = JSON.parse(payload) as { n: string; t: string; p: unknown };
          if (m.n !== this.nodeId) this.emitter.emit(`eph:${m.t}`, m.p);
        } catch {
          /* not ours */
        }
      }
    });
  }

  async close(): Promise<void> {
    await this.stopListening?.().catch(() => {});
    this.emitter.removeAllListeners();
  }
}
