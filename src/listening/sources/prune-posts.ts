import type { App } from '../../app.js';

/** Fetched posts that no query matched are kept this long (for previews), then deleted. */
export const UNMATCHED_RETENTION_MS = 30 * 24 * 3600_000;

/**
 * Deletes stored posts older than the retention that never became a mention. Mentions and their
 * posts are kept. A post deleted here could be stored again if a source re-served it a month
 * later; the cursors of every source except RSS make that moot, and feeds drop items far sooner.
 */
export async function pruneUnmatchedPosts(app: App, o: { now?: number; batch?: number } = {}): Promise<number> {
  const before = (o.now ?? app.now()) - UNMATCHED_RETENTION_MS;
  const ids = await app.store.db
    .selectFrom('listening_posts')
    .select('id')
    .where('fetched_at', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mentions').select('mentions.id').whereRef('mentions.post_id', '=', 'listening_posts.id'))))
    .limit(o.batch ?? 5000)
    .execute();
  if (!ids.length) return 0;
  const r = await app.store.db
    .deleteFrom('listening_posts')
    .where(
      'id',
      'in',
      ids.map((i) => i.id),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
