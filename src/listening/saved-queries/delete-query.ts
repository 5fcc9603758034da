import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { notFound } from '../../lib/errors.js';
import { invalidateMatcher } from './matcher-cache.js';

/**
 * Deletes a saved query. Mentions it found stay in the feed (with the other queries they
 * matched); their link to this query goes, so precision figures of other queries are untouched.
 */
export async function deleteQuery(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('listening_queries').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('listening query');
    await tx.deleteFrom('mention_queries').where('workspace_id', '=', input.workspaceId).where('query_id', '=', input.id).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'listening_query.deleted',
      actorUserId: input.actorUserId,
      data: { queryId: input.id },
      at: app.now(),
    });
  });
  invalidateMatcher(app, input.id);
}
