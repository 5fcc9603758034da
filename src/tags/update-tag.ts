import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, notFound } from '../lib/errors.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { retagConversations } from './retag.js';

/**
 * Renames, recolours or describes a managed tag. A rename moves the tag on every conversation in
 * the same transaction; renaming onto another managed tag is refused (that is a merge, and says so).
 */
export async function updateTag(
  app: App,
  input: { workspaceId: string; actorUserId: string | null; name: string; patch: { name?: string; color?: string; description?: string } },
) {
  const now = app.now();
  const { workspaceId, patch } = input;
  const out = await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, workspaceId);
    const tag = await tx.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', input.name).executeTakeFirst();
    if (!tag) throw notFound('tag');
    const rename = patch.name !== undefined && patch.name !== tag.name ? patch.name : undefined;
    if (rename) {
      const taken = await tx.selectFrom('tags').select('name').where('workspace_id', '=', workspaceId).where('name', '=', rename).executeTakeFirst();
      if (taken) throw conflict(`the tag "${rename}" already exists: merge "${tag.name}" into it instead`);
    }
    const next = {
      name: rename ?? tag.name,
      color: patch.color ?? tag.color,
      description: patch.description ?? tag.description,
    };
    const fields = (['name', 'color', 'description'] as const).filter((f) => next[f] !== tag[f]);
    if (!fields.length) return { ...next, managed: true };
    await tx
      .updateTable('tags')
      .set({ ...next, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', tag.name)
      .execute();
    if (rename) await retagConversations(tx, { workspaceId, from: tag.name, into: rename, actorUserId: input.actorUserId, now });
    await appendEvent(tx, {
      workspaceId,
      type: 'tag.updated',
      actorUserId: input.actorUserId,
      data: { name: next.name, ...(rename ? { previousName: tag.name } : {}), fields: [...fields] },
      at: now,
    });
    return { ...next, managed: true };
  });
  app.bus.poke(workspaceId);
  return out;
}
