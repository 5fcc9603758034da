import type { App } from '../../app.js';
import { previewQuery } from '../index.js';
import { presentPost } from '../mentions/present.js';

/** How many of the workspace's most recently fetched posts a preview looks at. */
export const PREVIEW_WINDOW = 2000;

/**
 * Runs a draft query over the workspace's recent stored posts (every post its sources fetched,
 * matched or not) before it is saved. Throws the parser's QueryError (400 with position) as is.
 */
export async function previewDraft(app: App, input: { workspaceId: string; query: string; accentSensitive?: boolean; limit: number }) {
  const rows = await app.store.db
    .selectFrom('listening_posts')
    .selectAll()
    .where('workspace_id', '=', input.workspaceId)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PREVIEW_WINDOW)
    .execute();
  const posts = rows.map((r) => ({
    row: r,
    text: r.text,
    author: r.author ?? undefined,
    lang: r.lang ?? undefined,
    url: r.url ?? undefined,
    source: r.source_kind,
  }));
  const hits = previewQuery(input.query, posts, { accentSensitive: input.accentSensitive, limit: input.limit });
  return { scanned: rows.length, matches: hits.map((h) => presentPost(h.row)) };
}
