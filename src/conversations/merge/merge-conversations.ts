import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.js';
import { markStale } from '../../metrics/rollup/mark-stale.js';
import type { ConversationStatus, DB } from '../../store/schema.js';
import { MAX_MERGE_DEPTH } from './merged-sources.js';

export interface MergeInput {
  workspaceId: string;
  targetId: string;
  sourceIds: string[];
  actorUserId: string | null;
}

/** At most this many conversations merged into one at a time (the web app's bulk selection is 100). */
export const MAX_MERGE_SOURCES = 50;

/**
 * Merges the source conversations INTO the target, in one transaction (rules: README "Merging
 * conversations"):
 * - the same workspace (else 404) and the same customer: one contact, or contacts merged into one
 *   (src/contacts) — else 400 and nothing changes;
 * - every message moves to the target and keeps its original conversation in
 *   `origin_conversation_id`: replies to it still leave through that network thread
 *   (conversations/reply.ts), the metric rules still count it there (metrics/load-timelines.ts),
 *   and an unmerge can send it back (unmerge-conversation.ts);
 * - the target keeps its status, assignee, team and priority and gains the sources' tags; a
 *   resolved target takes in a live thread as a reopen (reason "merge"); the customer's wait is
 *   the oldest of all (waiting_since), unread counts add up;
 * - each source stays as a tombstone (merged_into_id): threading follows it, so a later customer
 *   message on its thread lands in the target (intake/apply-message.ts); lists leave it out.
 * One `conversation.merged` event per source, on the target.
 */
export async function mergeConversations(app: App, input: MergeInput) {
  const { workspaceId, targetId } = input;
  const sourceIds = [...new Set(input.sourceIds)];
  if (!sourceIds.length) throw invalid('sourceIds', 'give at least one conversation to merge');
  if (sourceIds.length > MAX_MERGE_SOURCES) throw invalid('sourceIds', `at most ${MAX_MERGE_SOURCES} at a time`);
  if (sourceIds.includes(targetId)) throw invalid('sourceIds', 'a conversation cannot be merged into itself');
  const now = app.now();

  const result = await app.store.db.transaction().execute(async (tx) => {
    // Locked in id order, so two merges touching the same conversations take turns, never deadlock.
    const ids = [targetId, ...sourceIds].sort();
    const rows = await app.store.dialect
      .lockRows(tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).orderBy('id'))
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const target = byId.get(targetId);
    if (!target) throw notFound('conversation');
    const missing = sourceIds.filter((id) => !byId.has(id));
    if (missing.length) throw new AppError('not_found', `sourceIds: conversation not found: ${missing.join(', ')}`);
    const sources = sourceIds.map((id) => byId.get(id)!);
    for (const c of [target, ...sources]) if (c.merged_into_id) throw conflict(`conversation ${c.id} was already merged into ${c.merged_into_id}`);

    const contacts = await rootContacts(tx, workspaceId, [target.contact_id, ...sources.map((s) => s.contact_id)]);
    const customer = contacts.get(target.contact_id);
    const strangers = sources.filter((s) => contacts.get(s.contact_id) !== customer);
    if (strangers.length)
      throw invalid(
        'sourceIds',
        `${strangers.map((s) => s.id).join(', ')}: another customer's conversation; only conversations of the same contact (or of contacts merged into one) can be merged`,
      );

    // A resolved target taking in a live thread is open again: that thread still waits.
    const status: ConversationStatus = target.status === 'resolved' && sources.some((s) => s.status !== 'resolved') ? 'open' : target.status;
    if (status !== target.status) {
      await tx.updateTable('conversations').set({ status, resolved_at: null, snoozed_until: null, updated_at: now }).where('id', '=', target.id).execute();
      await appendEvent(tx, {
        workspaceId,
        type: 'conversation.reopened',
        conversationId: target.id,
        actorUserId: input.actorUserId,
        data: { from: target.status, to: status, reason: 'merge' },
        at: now,
      });
    }

    const targetTags = new Set((await tx.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', target.id).execute()).map((r) => r.tag));
    const moved: Array<{ sourceId: string; messages: number }> = [];
    for (const s of sources) {
      // Messages already from another thread (an earlier merge into this source) keep their origin.
      await tx
        .updateTable('messages')
        .set({ origin_conversation_id: s.id })
        .where('conversation_id', '=', s.id)
        .where('origin_conversation_id', 'is', null)
        .execute();
      const r = await tx.updateTable('messages').set({ conversation_id: target.id }).where('conversation_id', '=', s.id).executeTakeFirst();
      const messages = Number(r.numUpdatedRows);
      // The tombstone keeps its own tags, assignee and status history: its metric facts stay as
      // they were. Its status column says "resolved" so no clock or snooze scan acts on it.
      await tx
        .updateTable('conversations')
        .set({ merged_into_id: target.id, merged_at: now, merged_by: input.actorUserId, status: 'resolved', snoozed_until: null, unread: 0, updated_at: now })
        .where('id', '=', s.id)
        .execute();
      const tags = (await tx.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', s.id).execute()).map((t) => t.tag);
      const added = tags.filter((t) => !targetTags.has(t)).sort();
      if (added.length)
        await tx
          .insertInto('conversation_tags')
          .values(added.map((tag) => ({ workspace_id: workspaceId, conversation_id: target.id, tag })))
          .execute();
      for (const t of added) targetTags.add(t);
      await appendEvent(tx, {
        workspaceId,
        type: 'conversation.merged',
        conversationId: target.id,
        actorUserId: input.actorUserId,
        data: {
          targetId: target.id,
          sourceId: s.id,
          messages,
          sourceStatus: s.status,
          status,
          assigneeId: target.assignee_id,
          teamId: target.team_id,
          addedTags: added,
        },
        at: now,
      });
      await markStale(tx, workspaceId, s.id, now);
      moved.push({ sourceId: s.id, messages });
    }

    const all = [target, ...sources];
    const waiting = all.map((c) => c.waiting_since).filter((v): v is number => v !== null);
    const inbound = all.map((c) => c.last_inbound_at).filter((v): v is number => v !== null);
    await tx
      .updateTable('conversations')
      .set({
        last_message_at: Math.max(...all.map((c) => c.last_message_at)),
        waiting_since: waiting.length ? Math.min(...waiting) : null,
        last_inbound_at: inbound.length ? Math.max(...inbound) : null,
        unread: all.reduce((n, c) => n + c.unread, 0),
        updated_at: now,
      })
      .where('id', '=', target.id)
      .execute();
    await markStale(tx, workspaceId, target.id, now);
    const merged = await tx.selectFrom('conversations').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    return { conversation: merged, merged: moved, tags: [...targetTags].sort() };
  });
  app.bus.poke(workspaceId);
  return result;
}

/** Each contact's surviving contact (following contact merges), by the contact id given. */
async function rootContacts(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const start of new Set(ids)) {
    let id = start;
    for (let depth = 0; depth < MAX_MERGE_DEPTH; depth++) {
      const row = await db.selectFrom('contacts').select('merged_into_id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (!row?.merged_into_id) break;
      id = row.merged_into_id;
    }
    out.set(start, id);
  }
  return out;
}

export type MergeResult = Awaited<ReturnType<typeof mergeConversations>>;
