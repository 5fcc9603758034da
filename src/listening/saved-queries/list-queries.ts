import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import type { DB } from '../../store/schema.js';
import { presentQuery, type QueryFeedback } from './present.js';

/** How each query's mentions were judged: engaged/observed = relevant, irrelevant = not. */
export async function queryFeedback(db: Kysely<DB>, workspaceId: string, queryIds?: string[]): Promise<Map<string, QueryFeedback>> {
  const out = new Map<string, QueryFeedback>();
  if (queryIds && !queryIds.length) return out;
  let q = db
    .selectFrom('mention_queries')
    .innerJoin('mentions', 'mentions.id', 'mention_queries.mention_id')
    .select(['mention_queries.query_id', 'mentions.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('mention_queries.workspace_id', '=', workspaceId)
    .where('mentions.status', 'in', ['engaged', 'observed', 'irrelevant'])
    .groupBy(['mention_queries.query_id', 'mentions.status']);
  if (queryIds) q = q.where('mention_queries.query_id', 'in', queryIds);
  for (const r of await q.execute()) {
    const fb = out.get(r.query_id) ?? { relevant: 0, irrelevant: 0 };
    if (r.status === 'irrelevant') fb.irrelevant += Number(r.n);
    else fb.relevant += Number(r.n);
    out.set(r.query_id, fb);
  }
  return out;
}

/** The workspace's saved queries, by name, each with its precision figure. */
export async function listQueries(app: App, input: { workspaceId: string }) {
  const rows = await app.store.db.selectFrom('listening_queries').selectAll().where('workspace_id', '=', input.workspaceId).orderBy('name').execute();
  const fb = await queryFeedback(app.store.db, input.workspaceId);
  return rows.map((r) => presentQuery(r, fb.get(r.id)));
}
