import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { chunks } from './contact-family.js';
import { mediaStoreFor } from '../media/storage.js';
import type { JobTable } from '../store/schema.js';

const payload = z.object({
  channelIds: z.array(z.string()),
  needles: z.array(z.string()),
  mediaKeys: z.array(z.string()),
});

/** Ids shorter than this are not searched for in raw deliveries: "42" would match strangers' deliveries too. */
export const MIN_NEEDLE = 6;
/** Journal rows read per transaction while searching: keeps each write short so intake never waits long. */
const SCAN_BATCH = 2000;
/** What a scrubbed delivery holds afterwards: parseable, recognisably erased. */
export const ERASED_BODY = '{"erased":true}';

/**
 * The part of an erasure that lives outside the person's rows (privacy/erase-contact.ts):
 * - raw deliveries in the journal of the channels they wrote on that mention one of their ids
 *   (their account id, their messages' ids) lose body and headers; pending ones are left to be
 *   processed first — they are the person writing again, a new contact;
 * - downloaded attachment files no other message refers to any more are deleted (files are
 *   stored once per content, so a sticker two people sent stays for the other).
 * Idempotent: a second run finds nothing left to do. Its own payload names the ids it searched
 * for, so it is emptied once the job is done.
 */
export const scrubAfterErasureJob = defineJob({ name: 'privacy.scrub_after_erasure', version: 1, payload, handler: runScrub });

async function runScrub(app: App, job: JobTable, p: z.output<typeof payload>): Promise<void> {
  const db = app.store.db;
  const workspaceId = job.workspace_id!;
  const needles = p.needles.filter((n) => n.length >= MIN_NEEDLE);
  if (needles.length && p.channelIds.length) {
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('journal')
        .select(['id', 'body'])
        .where('workspace_id', '=', workspaceId)
        .where('channel_id', 'in', p.channelIds)
        .where('status', '!=', 'pending')
        .where('id', '>', after)
        .orderBy('id')
        .limit(SCAN_BATCH)
        .execute();
      if (!rows.length) break;
      after = Number(rows.at(-1)!.id);
      const hits = rows.filter((r) => r.body !== ERASED_BODY && needles.some((n) => r.body.includes(n))).map((r) => Number(r.id));
      for (const ids of chunks(hits)) {
        await db.updateTable('journal').set({ body: ERASED_BODY, headers: '{}', error: null }).where('id', 'in', ids).execute();
        // A delivery's failed events keep the event as parsed, for admins: theirs go with the delivery.
        await db.updateTable('journal_event_failures').set({ event: ERASED_BODY, error: 'erased' }).where('journal_id', 'in', ids).execute();
      }
    }
  }
  const store = mediaStoreFor(app.config);
  for (const key of p.mediaKeys) {
    const stillUsed = await db
      .selectFrom('messages')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('erased_at', 'is', null)
      .where('attachments', 'like', `%${key}%`)
      .limit(1)
      .executeTakeFirst();
    const uploadedElsewhere = await db
      .selectFrom('media_uploads')
      .select('key')
      .where('key', '=', key)
      .where('workspace_id', '!=', workspaceId)
      .limit(1)
      .executeTakeFirst();
    if (stillUsed || uploadedElsewhere) continue;
    await store.delete(key);
    // An agent's upload sent only to this person (a return label with their address) goes with the file.
    await db.deleteFrom('media_uploads').where('workspace_id', '=', workspaceId).where('key', '=', key).execute();
  }
  await db
    .updateTable('jobs')
    .set({ payload: JSON.stringify({ channelIds: [], needles: [], mediaKeys: [] }) })
    .where('id', '=', job.id)
    .execute();
}
