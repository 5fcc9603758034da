import { sql } from 'kysely';
import type { App } from '../app.js';
import { type AuditActor, recordAudit } from '../audit/record-audit.js';
import { lockContacts } from '../contacts/lock-contacts.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { conflict, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { chunks, contactFamily } from './contact-family.js';
import { scrubAfterErasureJob } from './scrub-after-erasure.js';

export interface EraseContactInput {
  workspaceId: string;
  contactId: string;
  actor: AuditActor;
}

export interface ErasureReport {
  contactId: string;
  contacts: number;
  identities: number;
  conversations: number;
  messages: number;
  surveyComments: number;
  listeningPosts: number;
}

/**
 * Erases a person at their request (GDPR art. 17, CCPA deletion), in one transaction:
 * - the contact and every contact merged into it lose their name and attributes (the rows stay,
 *   marked erased, so conversations and metrics keep pointing somewhere);
 * - their identities on the networks are deleted, so nothing links them to their accounts any
 *   more (if they write again, they are a new contact);
 * - every message of their conversations — theirs, the replies, the notes — loses its text,
 *   attachments, triage details and delivery error; direction, author kind and times stay, and
 *   so the response times, volumes and SLA figures computed from them stay exactly as they were;
 * - subjects, thread keys (made of their network id), survey comments, engaged listening posts and search documents go too.
 * Events already carry ids and counts only, so the log is kept as it is. What lives outside these
 * rows — the raw deliveries in the journal and the downloaded files — is scrubbed by a durable
 * job enqueued in the same transaction (privacy/scrub-after-erasure.ts), so a crash cannot leave
 * it half done, and intake is never blocked behind a long scan.
 */
export async function eraseContact(app: App, input: EraseContactInput): Promise<ErasureReport> {
  const { workspaceId, contactId } = input;
  const now = app.now();
  return app.store.db.transaction().execute(async (tx) => {
    const row = (await lockContacts(tx, app.store.dialect, workspaceId, [contactId])).get(contactId);
    if (!row) throw notFound('contact');
    if (row.merged_into_id) throw conflict(`this contact was merged into ${row.merged_into_id}: erase that contact, which holds this one's data too`);
    if (row.erased_at) throw conflict('this contact was already erased');
    const family = await contactFamily(tx, workspaceId, contactId);

    const identities = await tx
      .selectFrom('identities')
      .select(['network', 'external_id'])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', family)
      .execute();
    await tx.deleteFrom('identities').where('workspace_id', '=', workspaceId).where('contact_id', 'in', family).execute();

    const convs = await tx
      .selectFrom('conversations')
      .select(['id', 'channel_id'])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', family)
      .execute();
    const convIds = convs.map((c) => c.id);
    const channelIds = [...new Set(convs.map((c) => c.channel_id))];
    let messages = 0;
    let surveyComments = 0;
    let listeningPosts = 0;
    const mediaKeys = new Set<string>();
    const externalIds: Array<{ channelId: string; externalId: string }> = [];
    for (const part of chunks(convIds)) {
      // The thread key is made of the person's id on the network: it goes too (and so a new message from them cannot thread into the erased conversation).
      await tx.updateTable('conversations').set({ subject: null, thread_key: sql<string>`'erased:' || id`, updated_at: now }).where('id', 'in', part).execute();
      const msgs = await tx.selectFrom('messages').select(['id', 'attachments', 'external_id', 'channel_id']).where('conversation_id', 'in', part).execute();
      for (const m of msgs) {
        for (const a of parseJson<Array<{ stored?: string }>>(m.attachments, [])) if (a.stored) mediaKeys.add(a.stored);
        if (m.external_id) externalIds.push({ channelId: m.channel_id, externalId: m.external_id });
      }
      for (const ids of chunks(msgs.map((m) => m.id))) {
        await tx
          .updateTable('messages')
          .set({ body: '', attachments: '[]', analysis: null, delivery_error: null, erased_at: now })
          .where('id', 'in', ids)
          .execute();
        for (const id of ids) await app.store.dialect.search.unindex(tx, id);
      }
      messages += msgs.length;
      const surveys = await tx
        .updateTable('surveys')
        .set({ comment: null })
        .where('conversation_id', 'in', part)
        .where('comment', 'is not', null)
        .executeTakeFirst();
      surveyComments += Number(surveys.numUpdatedRows);
      // Replies still held for approval or for later (held-replies/): written to this person, never sent; they go.
      await tx.deleteFrom('held_replies').where('conversation_id', 'in', part).execute();
      const posts = await tx
        .updateTable('listening_posts')
        .set({ text: '', text_folded: '', author: null, author_name: null, url: null, extra: '{}' })
        .where('id', 'in', (eb) => eb.selectFrom('mentions').select('post_id').where('conversation_id', 'in', part))
        .executeTakeFirst();
      listeningPosts += Number(posts.numUpdatedRows);
    }
    for (const part of chunks(externalIds)) {
      await tx
        .deleteFrom('pending_updates')
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or(part.map((p) => eb.and([eb('channel_id', '=', p.channelId), eb('external_id', '=', p.externalId)]))))
        .execute();
    }
    // Merge records keep the details a merge changed (for unmerge): they go with the person.
    await tx
      .deleteFrom('contact_merges')
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('survivor_id', 'in', family), eb('merged_id', 'in', family)]))
      .execute();
    await tx
      .updateTable('contacts')
      .set({ name: null, attributes: '{}', email: null, phone: null, erased_at: now, updated_at: now })
      .where('id', 'in', family)
      .execute();

    const report: ErasureReport = {
      contactId,
      contacts: family.length,
      identities: identities.length,
      conversations: convIds.length,
      messages,
      surveyComments,
      listeningPosts,
    };
    await enqueueJob(tx, scrubAfterErasureJob, {
      workspaceId,
      runAt: now,
      now,
      payload: {
        channelIds,
        // What the raw deliveries are searched for: the person's ids on the networks and their messages' ids.
        needles: [...new Set([...identities.map((i) => i.external_id), ...externalIds.map((e) => e.externalId)])],
        mediaKeys: [...mediaKeys],
      },
    });
    await appendEvent(tx, {
      workspaceId,
      type: 'contact.erased',
      actorUserId: input.actor.userId,
      data: { contactId, conversations: report.conversations, messages: report.messages, identities: report.identities },
      at: now,
    });
    const { contactId: _, ...counts } = report;
    await recordAudit(tx, { workspaceId, actor: input.actor, action: 'contact.erased', targetType: 'contact', targetId: contactId, data: counts, now });
    return report;
  });
}
