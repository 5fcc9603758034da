import { sql, type Kysely } from 'kysely';
import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { enqueueJob } from '../../jobs/queue.js';
import { conflict, notFound } from '../../lib/errors.js';
import { parseJson } from '../../lib/json.js';
import { markStale } from '../../metrics/rollup/mark-stale.js';
import { slaCheckJob } from '../../sla/rescan.js';
import type { ConversationStatus, DB } from '../../store/schema.js';
import { mergedSources } from './merged-sources.js';

/**
 * Undoes a merge exactly where it can be exact: every message of the source's network thread —
 * those it had, customer messages that arrived on that thread since, replies sent through it —
 * goes back to the source (threads merged into the source earlier go back with it); notes and
 * replies written in the target's own thread stay there. The source comes back with the
 * target's current status (they shared it), its own tags, assignee and team as they were.
 * The target keeps its tags. Refused (409) when the target was itself merged on: undo that first.
 */
export async function unmergeConversation(app: App, input: { workspaceId: string; sourceId: string; actorUserId: string | null }) {
  const { workspaceId, sourceId } = input;
  const now = app.now();
  const out = await app.store.db.transaction().execute(async (tx) => {
    const source = await app.store.dialect
      .lockRows(tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', sourceId))
      .executeTakeFirst();
    if (!source) throw notFound('conversation');
    if (!source.merged_into_id) throw conflict(`conversation ${source.id} is not merged into another`);
    const target = await app.store.dialect
      .lockRows(tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', source.merged_into_id))
      .executeTakeFirstOrThrow();
    if (target.merged_into_id) throw conflict(`conversation ${target.id} was merged into ${target.merged_into_id} since; unmerge it first`);

    const threads = [source.id, ...(await mergedSources(tx, [source.id]))];
    const own = await tx
      .updateTable('messages')
      .set({ conversation_id: source.id, origin_conversation_id: null })
      .where('conversation_id', '=', target.id)
      .where('origin_conversation_id', '=', source.id)
      .executeTakeFirst();
    const nested = await tx
      .updateTable('messages')
      .set({ conversation_id: source.id })
      .where('conversation_id', '=', target.id)
      .where('origin_conversation_id', 'in', threads)
      .executeTakeFirst();
    const messages = Number(own.numUpdatedRows) + Number(nested.numUpdatedRows);

    const merge = await lastMerge(tx, target.id, source.id);
    const status: ConversationStatus = target.status;
    await tx
      .updateTable('conversations')
      .set({
        merged_into_id: null,
        merged_at: null,
        merged_by: null,
        status,
        resolved_at: status === 'resolved' ? (target.resolved_at ?? now) : null,
        updated_at: now,
      })
      .where('id', '=', source.id)
      .execute();
    // Its metric history was the target's status while merged (metrics/merged-history.ts); back
    // on its own, one status change brings it from its status at the merge to where it is now.
    if (merge && merge.sourceStatus !== status)
      await appendEvent(tx, {
        workspaceId,
        type: merge.sourceStatus === 'resolved' ? 'conversation.reopened' : 'conversation.status_changed',
        conversationId: source.id,
        actorUserId: input.actorUserId,
        data: { from: merge.sourceStatus, to: status, reason: 'merge' },
        at: now,
      });
    await refreshActivity(tx, source.id, now);
    await refreshActivity(tx, target.id, now);
    await appendEvent(tx, {
      workspaceId,
      type: 'conversation.unmerged',
      conversationId: target.id,
      actorUserId: input.actorUserId,
      data: { targetId: target.id, sourceId: source.id, messages, status },
      at: now,
    });
    for (const id of threads) await markStale(tx, workspaceId, id, now);
    await markStale(tx, workspaceId, target.id, now);
    await enqueueJob(tx, slaCheckJob, { payload: { conversationId: source.id }, workspaceId, runAt: now, now });
    const row = await tx.selectFrom('conversations').selectAll().where('id', '=', source.id).executeTakeFirstOrThrow();
    return { conversation: row, targetId: target.id, messages };
  });
  app.bus.poke(workspaceId);
  app.bus.poke('__jobs__');
  return out;
}

async function lastMerge(db: Kysely<DB>, targetId: string, sourceId: string) {
  const rows = await db
    .selectFrom('events')
    .select('data')
    .where('conversation_id', '=', targetId)
    .where('type', '=', 'conversation.merged')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const d = parseJson<{ sourceId?: string; sourceStatus?: ConversationStatus }>(r.data, {});
    if (d.sourceId === sourceId && d.sourceStatus) return { sourceStatus: d.sourceStatus };
  }
  return null;
}

/**
 * Recomputes what the queue shows of a conversation's messages after some left or came back:
 * last activity, the customer's last message and since when they wait (the first customer
 * message after the last reply by a person; none when answered).
 */
async function refreshActivity(db: Kysely<DB>, id: string, now: number) {
  const at = sql<number>`coalesce(network_ts, created_at)`;
  const [last, lastIn, lastAnswer] = await Promise.all([
    db
      .selectFrom('messages')
      .select(sql<number>`max(${at})`.as('t'))
      .where('conversation_id', '=', id)
      .where('direction', 'in', ['in', 'out'])
      .executeTakeFirst(),
    db.selectFrom('messages').select(sql<number>`max(${at})`.as('t')).where('conversation_id', '=', id).where('direction', '=', 'in').executeTakeFirst(),
    db
      .selectFrom('messages')
      .select(sql<number>`max(created_at)`.as('t'))
      .where('conversation_id', '=', id)
      .where('direction', '=', 'out')
      .where('author_kind', 'in', ['human', 'outside'])
      .executeTakeFirst(),
  ]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const lastInAt = num(lastIn?.t);
  const answeredAt = num(lastAnswer?.t);
  let waiting: number | null = null;
  if (lastInAt !== null && (answeredAt === null || answeredAt < lastInAt)) {
    let q = db.selectFrom('messages').select(sql<number>`min(${at})`.as('t')).where('conversation_id', '=', id).where('direction', '=', 'in');
    if (answeredAt !== null) q = q.where(at, '>', answeredAt);
    waiting = num((await q.executeTakeFirst())?.t);
  }
  const set: Record<string, number | null> = { last_inbound_at: lastInAt, waiting_since: waiting, updated_at: now };
  const lastAt = num(last?.t);
  if (lastAt !== null) set.last_message_at = lastAt;
  await db.updateTable('conversations').set(set).where('id', '=', id).execute();
}
