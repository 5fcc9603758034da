import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';

/** Removes a definition; the values contacts hold under its key stay (as plain, untyped attributes). */
export async function deleteAttributeDef(app: App, input: { workspaceId: string; actorUserId: string; id: string }): Promise<void> {
  const { workspaceId } = input;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('contact_attribute_defs')
      .select(['key', 'type'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw notFound('attribute definition');
    await tx.deleteFrom('contact_attribute_defs').where('workspace_id', '=', workspaceId).where('id', '=', input.id).execute();
    await appendEvent(tx, { workspaceId, type: 'contact_attribute.deleted', actorUserId: input.actorUserId, data: { key: row.key }, at: now });
  });
  app.bus.poke(workspaceId);
}
