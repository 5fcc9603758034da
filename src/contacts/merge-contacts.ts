import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { AppError, conflict, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { Attributes } from './attributes.js';
import { getContact, type ContactDetail } from './get-contact.js';
import { lockContacts } from './lock-contacts.js';

export interface MergeContactsInput {
  workspaceId: string;
  survivorId: string;
  otherId: string;
  actorUserId: string;
}

/**
 * Merges `other` INTO `survivor`, all in one transaction: identities and conversations move to
 * the survivor, attributes combine (the survivor wins on conflicts), the survivor keeps its name
 * unless it has none. The other contact stays as a tombstone (merged_into_id) for audit and so
 * old links can be followed; intake also follows it (contacts/resolve-contact.ts), although
 * once its identities have moved new messages find the survivor directly.
 */
export async function mergeContacts(app: App, input: MergeContactsInput): Promise<ContactDetail> {
  const { workspaceId, survivorId, otherId } = input;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const rows = await lockContacts(tx, app.store.dialect, workspaceId, [survivorId, otherId]);
    const survivor = rows.get(survivorId);
    const other = rows.get(otherId);
    if (!survivor) throw notFound('contact');
    if (!other) throw new AppError('not_found', 'otherContactId: contact not found');
    if (survivorId === otherId) throw conflict('a contact cannot be merged into itself');
    if (survivor.merged_into_id) throw conflict(`contact ${survivorId} was already merged into ${survivor.merged_into_id}; merge into that contact instead`);
    if (other.merged_into_id) throw conflict(`contact ${otherId} was already merged into ${other.merged_into_id}`);

    const identities = await tx
      .updateTable('identities')
      .set({ contact_id: survivorId })
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', otherId)
      .executeTakeFirst();
    const conversations = await tx
      .updateTable('conversations')
      .set({ contact_id: survivorId, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', otherId)
      .executeTakeFirst();
    const attributes: Attributes = { ...parseJson<Attributes>(other.attributes, {}), ...parseJson<Attributes>(survivor.attributes, {}) };
    await tx
      .updateTable('contacts')
      .set({ name: survivor.name || other.name, attributes: JSON.stringify(attributes), updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', survivorId)
      .execute();
    await tx
      .updateTable('contacts')
      .set({ merged_into_id: survivorId, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', otherId)
      .execute();
    // Contacts merged into `other` earlier now point straight at the survivor: one hop, never a chain.
    await tx
      .updateTable('contacts')
      .set({ merged_into_id: survivorId })
      .where('workspace_id', '=', workspaceId)
      .where('merged_into_id', '=', otherId)
      .execute();
    await appendEvent(tx, {
      workspaceId,
      type: 'contact.merged',
      actorUserId: input.actorUserId,
      data: { survivorId, mergedId: otherId, movedIdentities: Number(identities.numUpdatedRows), movedConversations: Number(conversations.numUpdatedRows) },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
  const view = await getContact(app.store.db, { workspaceId, id: survivorId });
  if (!('contact' in view)) throw conflict(`contact ${survivorId} was merged into ${view.mergedInto}`);
  return view.contact;
}
