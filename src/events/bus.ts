import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
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
  private pgClient: import('pg').Client | null = null;
  /** Tells this process's own ephemeral NOTIFYs apart from other nodes' (PostgreSQL echoes them back). */
  private readonly nodeId = Math.random().toString(36).slice(2);

  constructor(private store: Store) {
    this.emitter.setMaxListeners(0);
  }

  poke(workspaceId: string): void {
    this.wake(workspaceId);
    if (this.store.dialect === 'postgres') {
      sql`SELECT pg_notify('hearken_events', ${workspaceId})`.execute(this.store.db).catch(() => {});
    }
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
    if (this.store.dialect === 'postgres') {
      const msg = JSON.stringify({ n: this.nodeId, t: topic, p: payload });
      // NOTIFY payloads are limited to 8000 bytes; presence lists are far smaller.
      if (msg.length < 7900) sql`SELECT pg_notify('hearken_ephemeral', ${msg})`.execute(this.store.db).catch(() => {});
    }
  }

  /** Ephemeral message for this process's subscribers only. */
  emitLocal(topic: string, payload: unknown): void {
    this.emitter.emit(`eph:${topic}`, payload);
  }

  on(topic: string, fn: (payload: unknown) => void): () => void {
    this.emitter.on(`eph:${topic}`, fn);
    return () => this.emitter.off(`eph:${topic}`, fn);
  }

  /** Cross-node relay (scale mode): a dedicated connection LISTENing for pokes from other processes. */
  async listen(url: string, schema?: string): Promise<void> {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url, options: schema ? `-c search_path=${schema}` : undefined });
    await client.connect();
    await client.query('LISTEN hearken_events');
    await client.query('LISTEN hearken_ephemeral');
    client.on('notification', (n) => {
      if (!n.payload) return;
      if (n.channel === 'hearken_events') this.wake(n.payload);
      else {
        try {
          const m = JSON.parse(n.payload) as { n: string; t: string; p: unknown };
          if (m.n !== this.nodeId) this.emitter.emit(`eph:${m.t}`, m.p);
        } catch {
          /* not ours */
        }
      }
    });
    this.pgClient = client;
  }

  async close(): Promise<void> {
    await this.pgClient?.end().catch(() => {});
    this.emitter.removeAllListeners();
  }
}
