import type { Kysely } from 'kysely';
import type { ConversationTable, DB } from '../store/schema.js';
import { countInRun, DAY_MS, parts, pause, type RetentionContext } from './context.js';
import { reactorFloor } from './purge-events.js';
import { addMediaKeys } from './purge-media.js';

/** Conversations looked at per step; how many go in one transaction depends on their messages. */
const CANDIDATES = 100;

/**
 * Deletes the workspace's conversations resolved and untouched for the limit: resolved, last
 * message, resolution and last change all before it. With each go its messages, their search
 * entries, tags, SLA clocks, auto-reply records, surveys and events; its stored files go to the
 * sweep; a listening mention or a linked conversation loses its link to it. Contacts stay.
 *
 * The reports stay exact: a conversation goes only once its metric rollup is current — not
 * marked stale, and every event of it handled by every reactor — and its rollup rows
 * (metric_cycles, metric_buckets) are kept, so every figure it gave stays. Left for a later run:
 * a reply still queued, a survey that may still be answered, a conversation an agent holds locked.
 *
 * A transaction deletes whole conversations, up to about `batchSize` messages (one conversation
 * with more goes alone).
 */
export async function purgeConversations(ctx: RetentionContext, days: number): Promise<void> {
  const db = ctx.app.store.db;
  const cutoff = ctx.now - days * DAY_MS;
  let after: { at: number; id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('conversations')
      .select(['id', 'last_message_at'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('status', '=', 'resolved')
      .where('last_message_at', '<', cutoff);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('last_message_at', '>', a.at), eb.and([eb('last_message_at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const candidates = await q.orderBy('last_message_at').orderBy('id').limit(CANDIDATES).execute();
    if (!candidates.length) return;
    const upTo = await db.transaction().execute((tx) =>
      deleteSome(
        tx,
        ctx,
        cutoff,
        candidates.map((c) => c.id),
      ),
    );
    const last = candidates[upTo]!;
    after = { at: Number(last.last_message_at), id: last.id };
    if (upTo === candidates.length - 1 && candidates.length < CANDIDATES) return;
    await pause(ctx);
  }
}

/**
 * Deletes what it may of the candidates (in their order) in one transaction; answers the index
 * of the last candidate decided (deleted or left for a reason), so the next step goes on after it.
 */
async function deleteSome(tx: Kysely<DB>, ctx: RetentionContext, cutoff: number, ids: string[]): Promise<number> {
  const app = ctx.app;
  // Checked again under lock; a conversation an agent is changing right now is skipped, not waited for.
  const rows = await app.store.dialect
    .claimRows(
      tx
        .selectFrom('conversations')
        .select(['id', 'kind', 'linked_conversation_id'])
        .where('id', 'in', ids)
        .where('workspace_id', '=', ctx.workspaceId)
        .where('status', '=', 'resolved')
        .where('last_message_at', '<', cutoff)
        .where('updated_at', '<', cutoff)
        .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '<', cutoff)])),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const held = new Set<string>();
  const hold = (list: Array<{ conversation_id: string | null }>) => list.forEach((r) => r.conversation_id && held.add(r.conversation_id));
  const found = [...byId.keys()];
  if (found.length) {
    hold(await tx.selectFrom('metric_stale').select('conversation_id').where('conversation_id', 'in', found).execute());
    hold(
      await tx
        .selectFrom('events')
        .select('conversation_id')
        .where('conversation_id', 'in', found)
        .where('id', '>', await reactorFloor(tx))
        .execute(),
    );
    hold(
      await tx
        .selectFrom('messages')
        .select('conversation_id')
        .where('conversation_id', 'in', found)
        .where('delivery_status', 'in', ['queued', 'sending'])
        .execute(),
    );
    hold(
      await tx
        .selectFrom('surveys')
        .select('conversation_id')
        .where('conversation_id', 'in', found)
        .where((eb) => eb.or([eb('status', '=', 'scheduled'), eb.and([eb('status', '=', 'sent'), eb('expires_at', '>', ctx.now)])]))
        .execute(),
    );
  }
  const eligible = ids.filter((id) => byId.has(id) && !held.has(id));
  const sizes = new Map<string, number>();
  if (eligible.length)
    for (const r of await tx
      .selectFrom('messages')
      .select((eb) => ['conversation_id', eb.fn.countAll().as('n')])
      .where('conversation_id', 'in', eligible)
      .groupBy('conversation_id')
      .execute())
      sizes.set(r.conversation_id, Number(r.n));
  // Whole conversations, up to about batchSize messages; the first one always.
  const take: string[] = [];
  let messages = 0;
  for (const id of eligible) {
    const n = sizes.get(id) ?? 0;
    if (take.length && messages + n > ctx.batchSize) break;
    take.push(id);
    messages += n;
  }
  const firstLeft = eligible[take.length];
  const upTo = firstLeft === undefined ? ids.length - 1 : ids.indexOf(firstLeft) - 1;
  if (take.length)
    await deleteConversations(
      tx,
      ctx,
      take.map((id) => byId.get(id)!),
    );
  return upTo;
}

async function deleteConversations(tx: Kysely<DB>, ctx: RetentionContext, convs: Array<Pick<ConversationTable, 'id' | 'kind' | 'linked_conversation_id'>>) {
  const ids = convs.map((c) => c.id);
  const search = ctx.app.store.dialect.search;
  const keys = new Set<string>();
  let messages = 0;
  for (const part of parts(ids, 50)) {
    const msgs = await tx.selectFrom('messages').select(['id', 'attachments']).where('conversation_id', 'in', part).execute();
    for (const m of msgs) for (const k of m.attachments.matchAll(/"stored":"([0-9a-f]{64})"/g)) keys.add(k[1]!);
    for (const m of msgs) await search.unindex(tx, m.id);
    messages += Number((await tx.deleteFrom('messages').where('conversation_id', 'in', part).executeTakeFirst()).numDeletedRows);
  }
  for (const table of [
    'conversation_tags',
    'sla_clocks',
    'auto_reply_sends',
    'surveys',
    'moderation_actions',
    'held_replies',
    'rule_firings',
    'notifications',
  ] as const)
    await tx.deleteFrom(table).where('conversation_id', 'in', ids).execute();
  const mentions = convs.filter((c) => c.kind === 'mention').map((c) => c.id);
  if (mentions.length)
    await tx
      .updateTable('mentions')
      .set({ conversation_id: null })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('conversation_id', 'in', mentions)
      .execute();
  // A public conversation and the private one opened from it point at each other.
  for (const c of convs)
    if (c.linked_conversation_id && !ids.includes(c.linked_conversation_id))
      await tx
        .updateTable('conversations')
        .set({ linked_conversation_id: null })
        .where('id', '=', c.linked_conversation_id)
        .where('linked_conversation_id', '=', c.id)
        .execute();
  const events = Number((await tx.deleteFrom('events').where('conversation_id', 'in', ids).executeTakeFirst()).numDeletedRows);
  const gone = Number((await tx.deleteFrom('conversations').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
  await addMediaKeys(tx, ctx, [...keys]);
  await countInRun(tx, ctx, { conversations: gone, messages, events });
}
