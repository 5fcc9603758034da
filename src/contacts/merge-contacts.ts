import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { AppError, conflict, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { parseJson } from '../lib/json.js';
import type { MergeSnapshot } from './merge-snapshot.js';
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
 * once its identities have moved new messages find the survivor directly. What moved is recorded
 * in contact_merges so the merge can be undone (unmerge-contact.ts).
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

    const movedIdentities = await tx.selectFrom('identities').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', otherId).execute();
    const movedConversations = await tx
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', otherId)
      .execute();
    const redirected = await tx.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('merged_into_id', '=', otherId).execute();
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
    const after = {
      name: survivor.name || other.name,
      attributes,
      email: survivor.email ?? other.email ?? null,
      phone: survivor.phone ?? other.phone ?? null,
    };
    const mergeId = newId(now);
    const snapshot: MergeSnapshot = {
      v: 1,
      identityIds: movedIdentities.map((r) => r.id),
      conversationIds: movedConversations.map((r) => r.id),
      redirectedIds: redirected.map((r) => r.id),
      survivorBefore: {
        name: survivor.name,
        attributes: parseJson<Attributes>(survivor.attributes, {}),
        email: survivor.email ?? null,
        phone: survivor.phone ?? null,
      },
      survivorAfter: after,
    };
    await tx
      .insertInto('contact_merges')
      .values({
        id: mergeId,
        workspace_id: workspaceId,
        survivor_id: survivorId,
        merged_id: otherId,
        snapshot: JSON.stringify(snapshot),
        actor_user_id: input.actorUserId,
        created_at: now,
        undone_at: null,
      })
      .execute();
    await tx
      .updateTable('contacts')
      .set({ name: after.name, attributes: JSON.stringify(attributes), email: after.email, phone: after.phone, updated_at: now })
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
      data: {
        survivorId,
        mergedId: otherId,
        movedIdentities: Number(identities.numUpdatedRows),
        movedConversations: Number(conversations.numUpdatedRows),
        mergeId,
      },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
  const view = await getContact(app.store.db, { workspaceId, id: survivorId });
  if (!('contact' in view)) throw conflict(`contact ${survivorId} was merged into ${view.mergedInto}`);
  return view.contact;
}
