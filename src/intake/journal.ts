import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/** Writes a verified raw delivery to the journal: the durable record every later step replays from. */
export async function journalDelivery(
  db: Kysely<DB>,
  d: { workspaceId: string; channelId: string; headers: Record<string, string>; body: string; receivedAt: number; status?: 'pending' | 'failed'; error?: string },
): Promise<number> {
  const row = await db
    .insertInto('journal')
    .values({
      workspace_id: d.workspaceId,
      channel_id: d.channelId,
      received_at: d.receivedAt,
      headers: JSON.stringify(d.headers),
      body: d.body,
      status: d.status ?? 'pending',
      attempts: 0,
      error: d.error ?? null,
      processed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
