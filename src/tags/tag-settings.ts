import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';

/** Turns "only managed tags" on or off for the workspace (conversations/update-tags.ts enforces it). */
export async function setTagSettings(app: App, input: { workspaceId: string; actorUserId: string | null; managedOnly: boolean }) {
  await app.store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('workspaces')
      .set({ managed_tags_only: input.managedOnly ? 1 : 0 })
      .where('id', '=', input.workspaceId)
      .execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'tags.settings_changed',
      actorUserId: input.actorUserId,
      data: { managedOnly: input.managedOnly },
      at: app.now(),
    });
  });
  return { managedOnly: input.managedOnly };
}
