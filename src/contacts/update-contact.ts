import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { AppError, conflict, invalid, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { ATTRIBUTE_LIMITS, applyAttributePatch, type Attributes, type AttributesPatch } from './attributes.js';
import { checkAttributesPatch, listAttributeDefs } from './attribute-defs.js';
import { getContact, type ContactDetail } from './get-contact.js';
import { lockContacts } from './lock-contacts.js';

export interface UpdateContactInput {
  workspaceId: string;
  id: string;
  actorUserId: string;
  /** undefined leaves the name; null clears it. */
  name?: string | null;
  /** Shallow patch: keys with null are deleted, others set. */
  attributes?: AttributesPatch;
  /** Already normalised (contacts/contact-fields.ts); undefined leaves it, null clears it. */
  email?: string | null;
  phone?: string | null;
}

/**
 * Renames a contact, sets its e-mail/phone and/or patches its attributes (checked against the
 * workspace's definitions: contacts/attribute-defs.ts); appends contact.updated with what changed.
 */
export async function updateContact(app: App, input: UpdateContactInput): Promise<ContactDetail> {
  const { workspaceId, id } = input;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    let patch = input.attributes;
    if (patch) {
      const checked = checkAttributesPatch(await listAttributeDefs(tx, workspaceId), patch);
      if (checked.errors.length) throw new AppError('invalid_request', checked.errors.map((e) => `${e.field}: ${e.reason}`).join('; '), checked.errors);
      patch = checked.patch;
    }
    const row = (await lockContacts(tx, app.store.dialect, workspaceId, [id])).get(id);
    if (!row) throw notFound('contact');
    if (row.merged_into_id) throw conflict(`contact ${id} was merged into ${row.merged_into_id}; update that contact instead`);

    const changes: { name?: string | null; attributes?: string; email?: string | null; phone?: string | null } = {};
    const changedKeys: string[] = [];
    if (input.name !== undefined && input.name !== row.name) changes.name = input.name;
    if (input.email !== undefined && input.email !== (row.email ?? null)) changes.email = input.email;
    if (input.phone !== undefined && input.phone !== (row.phone ?? null)) changes.phone = input.phone;
    if (patch) {
      const current = parseJson<Attributes>(row.attributes, {});
      const next = applyAttributePatch(current, patch);
      const count = Object.keys(next).length;
      // A merge may leave more keys than the limit; only refuse patches that grow past it.
      if (count > ATTRIBUTE_LIMITS.maxKeys && count > Object.keys(current).length) {
        throw invalid('attributes', `a contact has at most ${ATTRIBUTE_LIMITS.maxKeys} attributes (this would make ${count})`);
      }
      for (const k of new Set([...Object.keys(current), ...Object.keys(next)])) if (current[k] !== next[k]) changedKeys.push(k);
      if (changedKeys.length) changes.attributes = JSON.stringify(next);
    }
    if (Object.keys(changes).length === 0) return;

    await tx
      .updateTable('contacts')
      .set({ ...changes, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
    await appendEvent(tx, {
      workspaceId,
      type: 'contact.updated',
      actorUserId: input.actorUserId,
      // Keys, not values: attributes may hold personal data and the event log feeds webhooks.
      data: {
        contactId: id,
        nameChanged: changes.name !== undefined,
        attributeKeys: changedKeys.sort(),
        ...(changes.email !== undefined ? { emailChanged: true } : {}),
        ...(changes.phone !== undefined ? { phoneChanged: true } : {}),
      },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
  const view = await getContact(app.store.db, { workspaceId, id });
  if (!('contact' in view)) throw conflict(`contact ${id} was merged into ${view.mergedInto}`);
  return view.contact;
}
