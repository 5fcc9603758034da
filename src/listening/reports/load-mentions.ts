import type { App } from '../../app.js';
import { notFound } from '../../lib/errors.js';
import type { ReportRange } from './range.js';

export interface ReportQuery {
  id: string;
  name: string;
  kind: 'brand' | 'competitor';
}

export interface ReportMention {
  mentionId: string;
  queryId: string;
  sentiment: string | null;
  postedAt: number;
  author: string | null;
  authorName: string | null;
  source: string;
  text: string;
}

/**
 * The workspace's queries a report covers (all of them when none are named; a named id that is
 * not this workspace's is a 404) and one row per (mention, matched query) posted in the range.
 */
export async function loadReportMentions(app: App, workspaceId: string, queryIds: string[] | undefined, range: ReportRange) {
  const db = app.store.db;
  let q = db.selectFrom('listening_queries').select(['id', 'name', 'kind']).where('workspace_id', '=', workspaceId);
  if (queryIds?.length) q = q.where('id', 'in', queryIds);
  const queries: ReportQuery[] = (await q.orderBy('name').execute()).map((r) => ({ id: r.id, name: r.name, kind: r.kind }));
  if (queryIds?.length && queries.length !== new Set(queryIds).size) throw notFound('listening query');
  if (queries.length === 0) return { queries, rows: [] as ReportMention[] };
  const rows = await db
    .selectFrom('mention_queries as mq')
    .innerJoin('mentions as m', 'm.id', 'mq.mention_id')
    .innerJoin('listening_posts as p', 'p.id', 'm.post_id')
    .select([
      'm.id as mentionId',
      'mq.query_id as queryId',
      'm.sentiment',
      'p.posted_at as postedAt',
      'p.author',
      'p.author_name as authorName',
      'm.source_kind as source',
      'p.text',
    ])
    .where('mq.workspace_id', '=', workspaceId)
    .where('m.workspace_id', '=', workspaceId)
    // A named set is at most 50 ids; "all" is filtered below, not as a bound list (a workspace may
    // hold thousands of queries, more than a statement takes parameters).
    .$if(!!queryIds?.length, (qb) => qb.where('mq.query_id', 'in', queryIds!))
    .where('p.posted_at', '>=', range.startMs)
    .where('p.posted_at', '<', range.endMs)
    .orderBy('m.id')
    .execute();
  // Rows of a deleted query (its mention_queries stay) are not part of the report.
  const known = new Set(queries.map((x) => x.id));
  // pg returns bigint columns as strings.
  return { queries, rows: rows.filter((r) => known.has(r.queryId)).map((r) => ({ ...r, postedAt: Number(r.postedAt) })) as ReportMention[] };
}
