import type { Kysely } from 'kysely';
import { parseJson } from '../lib/json.js';
import type { StoredAttachment } from '../media/fetch-media-job.js';
import type { DB } from '../store/schema.js';
import { countInRun, DAY_MS, parts, pause, type RetentionContext, yieldNow } from './context.js';

/** What an attachment says once its copy is gone (the fetch job never fetches an attachment with an error). */
export const removedNote = (days: number) => `not stored: removed after ${days} days (data retention)`;

/**
 * Takes the stored copies off the workspace's messages created before the limit, and deletes its
 * uploads made before it. The message itself stays (text, times, the network's own link); its
 * attachment says why the copy is gone. The files are deleted by the sweep (sweep-media.ts) once
 * nothing else refers to them: a file is stored once per content, for every workspace.
 *
 * Messages are read by id (time-ordered: lib/ids.ts) from where the last run stopped
 * (`media_after`) up to the limit, 500 per statement.
 */
export async function purgeMedia(ctx: RetentionContext, days: number): Promise<void> {
  const db = ctx.app.store.db;
  const cutoff = ctx.now - days * DAY_MS;
  // Ids created before the cutoff sort below this prefix (12 hex digits of milliseconds).
  const below = Math.max(0, cutoff).toString(16).padStart(12, '0');
  const row = await db.selectFrom('retention_settings').select('media_after').where('workspace_id', '=', ctx.workspaceId).executeTakeFirst();
  let after = row?.media_after ?? '';
  for (;;) {
    const page = await db
      .selectFrom('messages')
      .select(['id', 'workspace_id', 'attachments', 'created_at', 'delivery_status'])
      .where('id', '>', after)
      .where('id', '<', below)
      .orderBy('id')
      .limit(ctx.batchSize)
      .execute();
    if (!page.length) break;
    const mine = page.filter(
      (m) =>
        m.workspace_id === ctx.workspaceId &&
        Number(m.created_at) < cutoff &&
        // A reply still on its way needs its file.
        m.delivery_status !== 'queued' &&
        m.delivery_status !== 'sending' &&
        m.attachments.includes('"stored":"'),
    );
    const last = page.at(-1)!.id;
    await db.transaction().execute(async (tx) => {
      let removed = 0;
      const keys = new Set<string>();
      for (const m of mine) {
        const atts = parseJson<StoredAttachment[]>(m.attachments, []);
        let changed = false;
        const next = atts.map((a) => {
          if (!a.stored) return a;
          keys.add(a.stored);
          changed = true;
          removed++;
          const { stored: _s, size: _z, contentType: _c, ...rest } = a;
          return { ...rest, error: removedNote(days) };
        });
        if (changed)
          await tx
            .updateTable('messages')
            .set({ attachments: JSON.stringify(next) })
            .where('id', '=', m.id)
            .execute();
      }
      await addMediaKeys(tx, ctx, [...keys]);
      await tx.updateTable('retention_settings').set({ media_after: last }).where('workspace_id', '=', ctx.workspaceId).execute();
      await countInRun(tx, ctx, { media: removed });
    });
    after = last;
    if (page.length < ctx.batchSize) break;
    await (mine.length ? pause(ctx) : yieldNow());
  }
  await purgeUploads(ctx, cutoff);
}

/** Files agents uploaded before the limit: the row goes (it can no longer be attached), the file to the sweep. */
async function purgeUploads(ctx: RetentionContext, cutoff: number): Promise<void> {
  const db = ctx.app.store.db;
  for (;;) {
    const rows = await db
      .selectFrom('media_uploads')
      .select(['id', 'key'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('created_at', '<', cutoff)
      .orderBy('id')
      .limit(ctx.batchSize)
      .execute();
    if (!rows.length) return;
    await db.transaction().execute(async (tx) => {
      const r = await tx
        .deleteFrom('media_uploads')
        .where(
          'id',
          'in',
          rows.map((u) => u.id),
        )
        .executeTakeFirst();
      await addMediaKeys(tx, ctx, [...new Set(rows.map((u) => u.key))]);
      await countInRun(tx, ctx, { media: Number(r.numDeletedRows) });
    });
    if (rows.length < ctx.batchSize) return;
    await pause(ctx);
  }
}

/** Files the sweep will delete unless something still refers to them. */
export async function addMediaKeys(tx: Kysely<DB>, ctx: RetentionContext, keys: string[]): Promise<void> {
  for (const part of parts(keys, 100)) {
    await tx
      .insertInto('retention_media_keys')
      .values(part.map((key) => ({ workspace_id: ctx.workspaceId, key, added_at: ctx.now })))
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
      .execute();
  }
}
