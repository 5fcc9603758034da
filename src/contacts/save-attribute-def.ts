import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { AppError, conflict, invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { ATTRIBUTE_DEF_LIMITS, listAttributeDefs, type AttributeDef, type AttributeDefInput } from './attribute-defs.js';

/**
 * Creates a definition, or replaces one (id given). The key cannot change once made: contacts,
 * saved replies and rules refer to it. Existing values are not rewritten when a type changes;
 * they are checked the next time the contact is edited.
 */
export async function saveAttributeDef(
  app: App,
  input: { workspaceId: string; actorUserId: string; id?: string; def: AttributeDefInput },
): Promise<AttributeDef> {
  const { workspaceId, def } = input;
  const now = app.now();
  const id = input.id ?? newId(now);
  await app.store.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('contact_attribute_defs').selectAll().where('workspace_id', '=', workspaceId).execute();
    const values = { label: def.label, type: def.type, options: JSON.stringify(def.options), description: def.description, updated_at: now };
    if (input.id) {
      const row = existing.find((r) => r.id === input.id);
      if (!row) throw notFound('attribute definition');
      if (row.key !== def.key) throw invalid('key', 'cannot change once created (contacts and saved replies use it)');
      await tx.updateTable('contact_attribute_defs').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    } else {
      if (existing.some((r) => r.key === def.key))
        throw new AppError('conflict', `key: an attribute "${def.key}" already exists`, [{ field: 'key', reason: 'already exists' }]);
      if (existing.length >= ATTRIBUTE_DEF_LIMITS.maxDefs) throw conflict(`a workspace has at most ${ATTRIBUTE_DEF_LIMITS.maxDefs} attribute definitions`);
      await tx
        .insertInto('contact_attribute_defs')
        .values({ id, workspace_id: workspaceId, key: def.key, created_at: now, ...values })
        .execute();
    }
    await appendEvent(tx, { workspaceId, type: 'contact_attribute.saved', actorUserId: input.actorUserId, data: { key: def.key, type: def.type }, at: now });
  });
  app.bus.poke(workspaceId);
  return (await listAttributeDefs(app.store.db, workspaceId)).find((d) => d.id === id)!;
}
