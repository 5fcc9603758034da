import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { retagConversations } from './retag.js';

/**
 * Deletes a tag: its managed entry (if any) and the tag on every conversation, in one
 * transaction — deleting a tag from the list and leaving it on 300 conversations would surprise.
 * Works for an ad-hoc (unmanaged) tag too, which is how stray spellings are cleaned up.
 */
export async function deleteTag(app: App, input: { workspaceId: string; actorUserId: string | null; name: string }) {
  const now = app.now();
  const { workspaceId, name } = input;
  const conversations = await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, workspaceId);
    const managed = await tx.deleteFrom('tags').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    const n = await retagConversations(tx, { workspaceId, from: name, into: null, actorUserId: input.actorUserId, now });
    if (Number(managed.numDeletedRows) === 0 && n === 0) throw notFound('tag');
    await appendEvent(tx, { workspaceId, type: 'tag.deleted', actorUserId: input.actorUserId, data: { name, conversations: n }, at: now });
    return n;
  });
  app.bus.poke(workspaceId);
  return { conversations };
}
