import type { App } from '../../app.js';
import { invalid, notFound } from '../../lib/errors.js';
import { parseJson } from '../../lib/json.js';
import { presentAlert } from './present.js';

/** In-app alerts, newest first, each with the posts that caused it; `unread` counts the unread ones. */
export async function listAlerts(app: App, input: { workspaceId: string; limit: number; cursor?: string; unread?: boolean }) {
  const db = app.store.db;
  let q = db.selectFrom('listening_alerts').selectAll().where('workspace_id', '=', input.workspaceId);
  if (input.unread) q = q.where('read_at', 'is', null);
  if (input.cursor) {
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(input.cursor)) throw invalid('cursor', 'is not a cursor this endpoint returned');
    q = q.where('id', '<', input.cursor);
  }
  const rows = await q
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const ids = [...new Set(page.flatMap((a) => parseJson<string[]>(a.mention_ids, [])))];
  const posts = ids.length
    ? await db
        .selectFrom('mentions')
        .innerJoin('listening_posts as p', 'p.id', 'mentions.post_id')
        .select(['mentions.id as mentionId', 'p.url', 'p.text', 'p.author'])
        .where('mentions.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(posts.map((p) => [p.mentionId, p]));
  const unread = await db
    .selectFrom('listening_alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', input.workspaceId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    alerts: page.map((a) =>
      presentAlert(
        a,
        parseJson<string[]>(a.mention_ids, []).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
      ),
    ),
    unread: Number(unread.n),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

export async function markAlertRead(app: App, input: { workspaceId: string; id: string }) {
  const r = await app.store.db
    .updateTable('listening_alerts')
    .set({ read_at: app.now() })
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('alert');
}
