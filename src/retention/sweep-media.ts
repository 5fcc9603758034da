import { mediaStoreFor } from '../media/storage.js';
import { countInRun, parts, type RetentionContext, yieldNow } from './context.js';

/** Messages read per statement while looking for references. */
const SCAN_PAGE = 1000;
/** A file may gain a reference while the scan runs (the same picture received again): the newest messages are read again before deleting. */
const RECHECK_MS = 3_600_000;

/**
 * Deletes the files whose references this workspace's runs removed (retention_media_keys) once no
 * message of any workspace and no upload refers to them any more: files are stored once per
 * content (media/storage.ts), so a picture two workspaces received stays for the other.
 *
 * Messages have no index by attachment, so this reads every message's attachments once per
 * sweep, 1,000 per statement with a yield between them, and only when there are files to delete.
 */
export async function sweepMedia(ctx: RetentionContext): Promise<void> {
  const db = ctx.app.store.db;
  const candidates = (await db.selectFrom('retention_media_keys').select('key').where('workspace_id', '=', ctx.workspaceId).execute()).map((r) => r.key);
  if (!candidates.length) return;
  const wanted = new Set(candidates);
  const used = new Set<string>();
  const look = (attachments: string) => {
    if (!attachments.includes('"stored":"')) return;
    for (const m of attachments.matchAll(/"stored":"([0-9a-f]{64})"/g)) if (wanted.has(m[1]!)) used.add(m[1]!);
  };
  const scanStart = ctx.app.now();
  let after = '';
  for (;;) {
    const page = await db.selectFrom('messages').select(['id', 'attachments']).where('id', '>', after).orderBy('id').limit(SCAN_PAGE).execute();
    for (const m of page) look(m.attachments);
    if (page.length < SCAN_PAGE) break;
    after = page.at(-1)!.id;
    await yieldNow();
  }
  const uploaded = async () => {
    for (const keys of parts(candidates))
      for (const u of await db.selectFrom('media_uploads').select('key').where('key', 'in', keys).execute()) used.add(u.key);
  };
  await uploaded();
  // What changed during the scan: messages written since shortly before it began, and uploads.
  for (const m of await db
    .selectFrom('messages')
    .select('attachments')
    .where('id', '>=', idPrefix(scanStart - RECHECK_MS))
    .execute())
    look(m.attachments);
  await uploaded();

  const store = mediaStoreFor(ctx.app.config);
  let files = 0;
  for (const key of candidates) {
    if (used.has(key)) continue;
    await store.delete(key);
    files++;
  }
  await db.transaction().execute(async (tx) => {
    for (const keys of parts(candidates))
      await tx.deleteFrom('retention_media_keys').where('workspace_id', '=', ctx.workspaceId).where('key', 'in', keys).execute();
    await countInRun(tx, ctx, { files });
  });
}

/** The smallest id made at that time (ids start with 12 hex digits of milliseconds: lib/ids.ts). */
const idPrefix = (ms: number) => Math.max(0, ms).toString(16).padStart(12, '0');
