import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import { invalid } from '../../lib/errors.js';
import { fold } from '../../search/tokenize.js';
import type { DB, MentionTable } from '../../store/schema.js';
import { presentMention } from './present.js';

export interface MentionFilter {
  workspaceId: string;
  queryId?: string;
  source?: string;
  suggestion?: 'engage' | 'observe';
  status?: MentionTable['status'][];
  sentiment?: string;
  lang?: string;
  /** Words in the post's text, folded like search (case, accents, Turkish i). */
  q?: string;
  limit: number;
  cursor?: string;
}

const encodeCursor = (id: string) => Buffer.from(JSON.stringify({ id })).toString('base64url');
function decodeCursor(s: string): string {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof c.id === 'string') return c.id;
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'is not a cursor this endpoint returned');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The mentions feed, newest first, with keyset pagination on the time-ordered id (stable while
 * new mentions arrive, like the conversation list).
 */
export async function listMentions(app: App, f: MentionFilter) {
  const db = app.store.db;
  let q = db
    .selectFrom('mentions')
    .innerJoin('listening_posts as p', 'p.id', 'mentions.post_id')
    .selectAll('mentions')
    .where('mentions.workspace_id', '=', f.workspaceId);
  if (f.queryId) {
    const qid = f.queryId;
    q = q.where('mentions.id', 'in', (eb) =>
      eb.selectFrom('mention_queries').select('mention_id').where('workspace_id', '=', f.workspaceId).where('query_id', '=', qid),
    );
  }
  if (f.source) q = q.where('mentions.source_kind', '=', f.source);
  if (f.suggestion) q = q.where('mentions.suggestion', '=', f.suggestion);
  if (f.status?.length) q = q.where('mentions.status', 'in', f.status);
  if (f.sentiment) q = q.where('mentions.sentiment', '=', f.sentiment);
  if (f.lang) q = q.where('mentions.lang', '=', f.lang);
  if (f.q) for (const word of fold(f.q).split(/\s+/).filter(Boolean)) q = q.where('p.text_folded', 'like', `%${escapeLike(word)}%`);
  if (f.cursor) q = q.where('mentions.id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('mentions.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return { mentions: await decorateMentions(db, page), nextCursor: rows.length > f.limit && last ? encodeCursor(last.id) : null };
}

/** Adds each mention's post and the queries it matched (two IN queries per page). */
export async function decorateMentions(db: Kysely<DB>, page: MentionTable[]) {
  if (!page.length) return [];
  const [posts, links] = await Promise.all([
    db
      .selectFrom('listening_posts')
      .selectAll()
      .where(
        'id',
        'in',
        page.map((m) => m.post_id),
      )
      .execute(),
    db
      .selectFrom('mention_queries')
      .innerJoin('listening_queries as lq', 'lq.id', 'mention_queries.query_id')
      .select(['mention_queries.mention_id', 'lq.id', 'lq.name', 'lq.kind'])
      .where(
        'mention_queries.mention_id',
        'in',
        page.map((m) => m.id),
      )
      .execute(),
  ]);
  const postBy = new Map(posts.map((p) => [p.id, p]));
  return page.map((m) =>
    presentMention(
      m,
      postBy.get(m.post_id)!,
      links.filter((l) => l.mention_id === m.id).map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
    ),
  );
}
