import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { Store } from '../store/db.js';

/**
 * Wakes realtime subscribers when a workspace's event log grows. In one process it is an
 * in-memory emitter; with PostgreSQL it also relays through LISTEN/NOTIFY so that web nodes
 * hear events written by workers on other nodes. Subscribers always re-read the event log
 * from their cursor, so a lost wake-up only delays delivery until the next poll.
 */
export class EventBus {
  private emitter = new EventEmitter();
  private pgClient: import('pg').Client | null = null;

  constructor(private store: Store) {
    this.emitter.setMaxListeners(0);
  }

  poke(workspaceId: string): void {
    this.emitter.emit(workspaceId);
    if (this.store.dialect === 'postgres') {
      sql`SELECT pg_notify('hearken_events', ${workspaceId})`.execute(this.store.db).catch(() => {});
    }
  }

  subscribe(workspaceId: string, fn: () => void): () => void {
    this.emitter.on(workspaceId, fn);
    return () => this.emitter.off(workspaceId, fn);
  }

  /** Cross-node relay (scale mode): a dedicated connection LISTENing for pokes from other processes. */
  async listen(url: string, schema?: string): Promise<void> {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url, options: schema ? `-c search_path=${schema}` : undefined });
    await client.connect();
    await client.query('LISTEN hearken_events');
    client.on('notification', (n) => {
      if (n.payload) this.emitter.emit(n.payload);
    });
    this.pgClient = client;
  }

  async close(): Promise<void> {
    await this.pgClient?.end().catch(() => {});
    this.emitter.removeAllListeners();
  }
}
