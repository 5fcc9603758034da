import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { Attributes } from './attributes.js';
import { getContact, type ContactDetail } from './get-contact.js';
import { lockContacts } from './lock-contacts.js';
import { revertDetails, type MergeSnapshot } from './merge-snapshot.js';

/**
 * Undoes a merge (contact_merges row), in one transaction: the identities and conversations it
 * moved go back to the merged contact (those still on the survivor; one erased or re-merged
 * since stays), the tombstones it re-pointed point back, the merged contact is live again and the
 * survivor loses the details it only had from the merge. Messages that arrived since on a moved
 * identity's conversations go back with those conversations.
 */
export async function unmergeContact(
  app: App,
  input: { workspaceId: string; survivorId: string; mergeId: string; actorUserId: string | null },
): Promise<ContactDetail> {
  const { workspaceId, survivorId, mergeId } = input;
  const now = app.now();
  let restoredId = '';
  await app.store.db.transaction().execute(async (tx) => {
    const rec = await tx
      .selectFrom('contact_merges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', mergeId)
      .where('survivor_id', '=', survivorId)
      .executeTakeFirst();
    if (!rec) throw notFound('merge');
    if (rec.undone_at !== null) throw conflict('this merge was already undone');
    restoredId = rec.merged_id;
    const rows = await lockContacts(tx, app.store.dialect, workspaceId, [survivorId, restoredId]);
    const survivor = rows.get(survivorId);
    const merged = rows.get(restoredId);
    if (!survivor || !merged) throw notFound('contact');
    if (survivor.merged_into_id) throw conflict(`contact ${survivorId} was merged into ${survivor.merged_into_id} since; undo that merge first`);
    if (merged.merged_into_id !== survivorId) throw conflict(`contact ${restoredId} is no longer merged into ${survivorId}`);
    if (survivor.erased_at) throw conflict('the contact was erased; there is nothing to give back');

    const snap = parseJson<MergeSnapshot>(rec.snapshot, null as unknown as MergeSnapshot);
    const ids = snap.identityIds.length
      ? await tx
          .updateTable('identities')
          .set({ contact_id: restoredId })
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', '=', survivorId)
          .where('id', 'in', snap.identityIds)
          .executeTakeFirst()
      : { numUpdatedRows: 0n };
    const convs = snap.conversationIds.length
      ? await tx
          .updateTable('conversations')
          .set({ contact_id: restoredId, updated_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', '=', survivorId)
          .where('id', 'in', snap.conversationIds)
          .executeTakeFirst()
      : { numUpdatedRows: 0n };
    if (snap.redirectedIds.length) {
      await tx
        .updateTable('contacts')
        .set({ merged_into_id: restoredId })
        .where('workspace_id', '=', workspaceId)
        .where('merged_into_id', '=', survivorId)
        .where('id', 'in', snap.redirectedIds)
        .execute();
    }
    const current = {
      name: survivor.name,
      attributes: parseJson<Attributes>(survivor.attributes, {}),
      email: survivor.email ?? null,
      phone: survivor.phone ?? null,
    };
    const next = revertDetails(current, snap);
    await tx
      .updateTable('contacts')
      .set({ name: next.name, attributes: JSON.stringify(next.attributes), email: next.email, phone: next.phone, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', survivorId)
      .execute();
    await tx
      .updateTable('contacts')
      .set({ merged_into_id: null, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', restoredId)
      .execute();
    await tx.updateTable('contact_merges').set({ undone_at: now }).where('id', '=', mergeId).execute();
    await appendEvent(tx, {
      workspaceId,
      type: 'contact.unmerged',
      actorUserId: input.actorUserId,
      data: { survivorId, restoredId, mergeId, movedIdentities: Number(ids.numUpdatedRows), movedConversations: Number(convs.numUpdatedRows) },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
  const view = await getContact(app.store.db, { workspaceId, id: survivorId });
  if (!('contact' in view)) throw conflict(`contact ${survivorId} was merged into ${view.mergedInto}`);
  return view.contact;
}
