import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict } from '../lib/errors.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import { defaultColor } from './tag-input.js';

/** Adds a managed tag. A name already used ad hoc on conversations may be adopted this way. */
export async function createTag(app: App, input: { workspaceId: string; actorUserId: string | null; name: string; color?: string; description: string }) {
  const now = app.now();
  const row = {
    workspace_id: input.workspaceId,
    name: input.name,
    color: input.color ?? defaultColor(input.name),
    description: input.description,
    created_at: now,
    updated_at: now,
  };
  await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, input.workspaceId);
    const exists = await tx.selectFrom('tags').select('name').where('workspace_id', '=', input.workspaceId).where('name', '=', input.name).executeTakeFirst();
    if (exists) throw conflict(`the tag "${input.name}" already exists`);
    await tx.insertInto('tags').values(row).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'tag.created',
      actorUserId: input.actorUserId,
      data: { name: row.name, color: row.color },
      at: now,
    });
  });
  return { name: row.name, color: row.color, description: row.description, managed: true };
}
