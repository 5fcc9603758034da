import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import type { JournalContext } from '../channels/contract/context.js';
import type { DB } from '../store/schema.js';
import { cleanText } from '../lib/clean-text.js';
import { prepared } from '../store/prepared.js';

// Every webhook writes one: compiled once (see store/prepared.ts).
const insertEntry = prepared(
  (db, workspaceId: string, channelId: string, receivedAt: number, headers: string, body: string, status: 'pending' | 'failed', error: string | null) =>
    db
      .insertInto('journal')
      .values({ workspace_id: workspaceId, channel_id: channelId, received_at: receivedAt, headers, body, status, attempts: 0, error, processed_at: null })
      .returning('id'),
);

/**
 * Writes a verified raw delivery to the journal: the durable record every later step replays from.
 * The body is stored cleaned (lib/clean-text.ts), whoever journals it: PostgreSQL refuses a NUL in text.
 */
export async function journalDelivery(
  db: Kysely<DB>,
  d: {
    workspaceId: string;
    channelId: string;
    headers: Record<string, string>;
    body: string;
    receivedAt: number;
    status?: 'pending' | 'failed';
    error?: string;
  },
): Promise<number> {
  const { rows } = await insertEntry(
    db,
    d.workspaceId,
    d.channelId,
    d.receivedAt,
    JSON.stringify(d.headers),
    cleanText(d.body),
    d.status ?? 'pending',
    d.error ?? null,
  );
  return Number(rows[0]!.id);
}

/**
 * What network code that journals by itself (pollers, the site chat's visitor API) is given: this
 * journal, the store for its cursor, the clock, the send timeout, and the intake worker's wake-up.
 */
export function journalContext(app: App): JournalContext {
  return {
    db: app.store.db,
    timeoutMs: app.config.sendTimeoutMs,
    now: () => app.now(),
    journal: journalDelivery,
    wakeIntake: () => app.bus.poke('__journal__'),
    channelChanged: (id) => app.channels.changed(id),
    outbound: app.outbound,
  };
}
