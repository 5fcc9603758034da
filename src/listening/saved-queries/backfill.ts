import type { App } from '../../app.js';
import { previewQuery } from '../index.js';
import { createMention } from '../mentions/ingest.js';
import { PREVIEW_WINDOW } from './preview-query.js';

/**
 * A query saved (or changed, or resumed) now also runs over the workspace's recent stored posts —
 * the same window the preview showed — so what the preview promised appears in the feed at once
 * instead of only from the next poll. A post that is already a mention gains the link to this
 * query; any other match becomes a new mention. Returns how many mentions were created or linked.
 */
export async function backfillQuery(app: App, input: { workspaceId: string; queryId: string }): Promise<number> {
  const q = await app.store.db
    .selectFrom('listening_queries')
    .selectAll()
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.queryId)
    .executeTakeFirst();
  if (!q || q.active !== 1) return 0;
  const rows = await app.store.db
    .selectFrom('listening_posts')
    .selectAll()
    .where('workspace_id', '=', input.workspaceId)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PREVIEW_WINDOW)
    .execute();
  const hits = previewQuery(
    q.query,
    rows.map((r) => ({ row: r, text: r.text, author: r.author ?? undefined, lang: r.lang ?? undefined, url: r.url ?? undefined, source: r.source_kind })),
    { accentSensitive: q.accent_sensitive === 1, limit: PREVIEW_WINDOW },
  );
  if (!hits.length) return 0;
  const now = app.now();
  let n = 0;
  await app.store.db.transaction().execute(async (tx) => {
    const existing = new Map<string, string>();
    const postIds = hits.map((h) => h.row.id);
    for (let i = 0; i < postIds.length; i += 500) {
      for (const m of await tx
        .selectFrom('mentions')
        .select(['id', 'post_id'])
        .where('post_id', 'in', postIds.slice(i, i + 500))
        .execute())
        existing.set(m.post_id, m.id);
    }
    for (const h of hits) {
      const mentionId = existing.get(h.row.id);
      if (!mentionId) {
        await createMention(tx, h.row, [q.id], [q.kind], now);
        n++;
        continue;
      }
      const r = await tx
        .insertInto('mention_queries')
        .values({ workspace_id: input.workspaceId, mention_id: mentionId, query_id: q.id })
        .onConflict((oc) => oc.columns(['mention_id', 'query_id']).doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
  });
  if (n) app.bus.poke(input.workspaceId);
  return n;
}
