import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { invalid, notFound } from '../lib/errors.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { defaultColor } from './tag-input.js';
import { retagConversations } from './retag.js';

/**
 * Merges tag `from` into `into`, in one transaction: every conversation tagged `from` gets
 * `into` (once), `from` is taken off and its managed entry removed. `from` may be a managed tag or
 * an ad-hoc one still in use; `into` becomes managed if it was not (keeping `from`'s colour), so
 * the merged tag stays on the list.
 */
export async function mergeTags(app: App, input: { workspaceId: string; actorUserId: string | null; from: string; into: string }) {
  const { workspaceId, from, into } = input;
  if (from === into) throw invalid('into', 'must be another tag than from');
  const now = app.now();
  const conversations = await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, workspaceId);
    const source = await tx.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', from).executeTakeFirst();
    const target = await tx.selectFrom('tags').select('name').where('workspace_id', '=', workspaceId).where('name', '=', into).executeTakeFirst();
    if (!target)
      await tx
        .insertInto('tags')
        .values({
          workspace_id: workspaceId,
          name: into,
          color: source?.color ?? defaultColor(into),
          description: source?.description ?? '',
          created_at: now,
          updated_at: now,
        })
        .execute();
    if (source) await tx.deleteFrom('tags').where('workspace_id', '=', workspaceId).where('name', '=', from).execute();
    const n = await retagConversations(tx, { workspaceId, from, into, actorUserId: input.actorUserId, now });
    if (!source && n === 0) throw notFound('tag');
    await appendEvent(tx, { workspaceId, type: 'tag.merged', actorUserId: input.actorUserId, data: { from, into, conversations: n }, at: now });
    return n;
  });
  app.bus.poke(workspaceId);
  return { conversations };
}
