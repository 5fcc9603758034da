import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store/db.js';
import type { AuthorKind, ConversationTable, DB, DeliveryStatus, Visibility } from '../store/schema.js';
import { prepared } from '../store/prepared.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { resolveContact } from '../contacts/resolve-contact.js';
import { indexMessage } from '../search/index-message.js';
import type { InboundMessage } from '../channels/contract/inbound.js';
import { REOPEN_WINDOW_MS, findThread, followMerge, lockThread, threadKey } from './threading.js';
import { applyPendingUpdates } from './apply-update.js';
import { savePostSnapshot } from '../posts/save-post-snapshot.js';
import { enqueueMediaFetch } from '../media/fetch-media-job.js';

export interface IntakeContext {
  db: Kysely<DB>;
  dialect: Dialect;
  workspaceId: string;
  channelId: string;
  network: string;
  now: number;
  /** Set by the processor for a whole delivery (see deliveryLookups); absent, each event queries for itself. */
  lookups?: DeliveryLookups;
  /** When set, every stored message is listed here (the processor hands them to the inbound follow-up job). */
  applied?: Array<{ conversationId: string; messageId: string; inbound: boolean }>;
}

/**
 * What a delivery's events would otherwise ask the database one by one, asked once for all of
 * them (a batch of 50 events: 2 queries instead of 100): which of its external ids the channel
 * already stored (dedupe) and which have updates parked for them (pending_updates). Read inside
 * the delivery's transaction and kept current as its events are applied, so it answers exactly
 * what the per-event queries would.
 */
export interface DeliveryLookups {
  stored: Set<string>;
  parked: Set<string>;
}

// Bound on ids per IN list: far below SQLite's and PostgreSQL's parameter limits.
const IN_CHUNK = 500;

export async function deliveryLookups(db: Kysely<DB>, channelId: string, externalIds: string[]): Promise<DeliveryLookups> {
  const stored = new Set<string>();
  const parked = new Set<string>();
  const ids = [...new Set(externalIds)];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    const msgs = await db.selectFrom('messages').select('external_id').where('channel_id', '=', channelId).where('external_id', 'in', chunk).execute();
    const pending = await db
      .selectFrom('pending_updates')
      .select('external_id')
      .where('channel_id', '=', channelId)
      .where('external_id', 'in', chunk)
      .execute();
    for (const r of msgs) if (r.external_id !== null) stored.add(r.external_id);
    for (const r of pending) parked.add(r.external_id);
  }
  return { stored, parked };
}

// Intake's per-message statements, compiled once (see store/prepared.ts for why).
const findDuplicate = prepared((db, channelId: string, externalId: string) =>
  db.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('external_id', '=', externalId),
);
const insertMessage = prepared(
  (
    db,
    id: string,
    workspaceId: string,
    conversationId: string,
    channelId: string,
    direction: 'in' | 'out',
    authorKind: AuthorKind,
    visibility: Visibility,
    body: string,
    attachments: string,
    externalId: string,
    replyTo: string | null,
    networkTs: number,
    now: number,
    deliveryStatus: DeliveryStatus,
  ) =>
    db.insertInto('messages').values({
      id,
      workspace_id: workspaceId,
      conversation_id: conversationId,
      channel_id: channelId,
      direction,
      author_kind: authorKind,
      author_user_id: null,
      visibility,
      body,
      attachments,
      external_id: externalId,
      reply_to_external_id: replyTo,
      network_ts: networkTs,
      received_at: now,
      delivery_status: deliveryStatus,
      delivery_error: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
    }),
);
const touchInbound = prepared((db, id: string, at: number, lastInboundAt: number, waitingSince: number, now: number) =>
  db
    .updateTable('conversations')
    // A customer writing again brings back a conversation whose earlier messages were all removed.
    .set((eb) => ({
      last_message_at: at,
      last_inbound_at: lastInboundAt,
      waiting_since: waitingSince,
      removed_at: null,
      unread: eb('unread', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id),
);
// A new thread's conversation: what it starts with; every other column starts empty.
const insertConversation = prepared(
  (
    db,
    id: string,
    workspaceId: string,
    channelId: string,
    contactId: string,
    kind: ConversationTable['kind'],
    visibility: Visibility,
    subject: string | null,
    threadKey: string,
    publicItemId: string | null,
    lastMessageAt: number,
    now: number,
  ) =>
    db.insertInto('conversations').values({
      id,
      workspace_id: workspaceId,
      channel_id: channelId,
      contact_id: contactId,
      kind,
      visibility,
      status: 'open',
      priority: 0,
      subject,
      thread_key: threadKey,
      public_item_id: publicItemId,
      last_message_at: lastMessageAt,
      unread: 0,
      created_at: now,
      updated_at: now,
    }),
);
// An echo of a reply sent outside Hearken answers the customer as much as one sent here.
const touchOutbound = prepared((db, id: string, at: number, now: number) =>
  db.updateTable('conversations').set({ last_message_at: at, waiting_since: null, updated_at: now }).where('id', '=', id),
);

/**
 * Turns one normalized inbound message into a stored message in the right conversation.
 * Returns false when it is a duplicate (same channel + external id seen before).
 */
export async function applyMessage(ctx: IntakeContext, m: InboundMessage): Promise<boolean> {
  const { db, workspaceId, channelId, now } = ctx;
  if (ctx.lookups) {
    if (ctx.lookups.stored.has(m.externalId)) return false;
  } else {
    if ((await findDuplicate(db, channelId, m.externalId)).rows.length) return false;
  }

  const contactId = await resolveContact(db, {
    workspaceId,
    network: ctx.network,
    externalId: m.from.externalId,
    name: m.from.name,
    handle: m.from.handle,
    now,
  });
  const key = threadKey(channelId, m, m.from.externalId);
  await lockThread(db, ctx.dialect, key);
  let conv = await findThread(db, workspaceId, channelId, key, m);
  const inbound = m.direction === 'in';
  // A merged thread's messages go to the conversation it was merged into, remembering their thread.
  const origin = conv?.merged_into_id ? conv.id : null;
  if (conv && origin) conv = await followMerge(db, conv);

  if (conv && conv.status === 'resolved' && inbound) {
    if (conv.resolved_at !== null && now - conv.resolved_at <= REOPEN_WINDOW_MS) {
      await db
        .updateTable('conversations')
        .set({ status: 'open', resolved_at: null, snoozed_until: null, updated_at: now })
        .where('id', '=', conv.id)
        .execute();
      await appendEvent(db, {
        workspaceId,
        type: 'conversation.reopened',
        conversationId: conv.id,
        data: { from: 'resolved', to: 'open', reason: 'customer_message' },
        at: now,
      });
      conv = { ...conv, status: 'open', resolved_at: null };
    } else conv = undefined;
  }
  if (!conv) conv = await openConversation(ctx, m, key, contactId);
  else if (inbound && (conv.status === 'pending' || conv.status === 'snoozed')) {
    // The customer wrote back: pending/snoozed conversations come back to the queue.
    await db.updateTable('conversations').set({ status: 'open', snoozed_until: null, updated_at: now }).where('id', '=', conv.id).execute();
    await appendEvent(db, {
      workspaceId,
      type: 'conversation.status_changed',
      conversationId: conv.id,
      data: { from: conv.status, to: 'open', reason: 'customer_message' },
      at: now,
    });
  }

  // Only when the delivery carries the item (no network call here: fetching is a job, src/posts/).
  if (m.publicItem && m.publicItemId) await savePostSnapshot(db, { workspaceId, channelId, itemId: m.publicItemId, snapshot: m.publicItem, now });

  const id = newId(now);
  // prettier-ignore
  await insertMessage(
    db,
    id,
    workspaceId,
    conv.id,
    channelId,
    inbound ? 'in' : 'out',
    m.authorKind,
    m.visibility,
    m.text,
    JSON.stringify(m.attachments),
    m.externalId,
    m.replyToExternalId ?? null,
    m.networkTs,
    now,
    inbound ? 'received' : 'sent',
  );
  ctx.lookups?.stored.add(m.externalId);
  if (origin) await recordOrigin(db, id, origin, inbound ? Math.max(m.networkTs, 0) : null, now);
  await indexMessage(db, ctx.dialect, { id, workspaceId, text: m.text });

  const at = Math.max(conv.last_message_at, m.networkTs);
  if (inbound) await touchInbound(db, conv.id, at, Math.max(conv.last_inbound_at ?? 0, m.networkTs), conv.waiting_since ?? m.networkTs, now);
  else await touchOutbound(db, conv.id, at, now);
  await appendEvent(db, {
    workspaceId,
    type: inbound ? 'message.received' : 'message.echoed',
    conversationId: conv.id,
    data: { messageId: id, externalId: m.externalId, kind: conv.kind },
    at: now,
  });
  ctx.applied?.push({ conversationId: conv.id, messageId: id, inbound });
  // Attachment URLs are copied from the network's own media hosts by a job (src/media/), never here.
  if (inbound) await enqueueMediaFetch(db, { messageId: id, workspaceId, network: ctx.network, attachments: m.attachments, now });
  if (!ctx.lookups || ctx.lookups.parked.has(m.externalId)) await applyPendingUpdates(ctx, m.externalId);
  return true;
}

/**
 * The message's own thread, and that thread's last customer message: replies routed back to it
 * (conversations/merge/reply-route.ts) check the network's window against it.
 */
async function recordOrigin(db: Kysely<DB>, messageId: string, origin: string, inboundAt: number | null, now: number) {
  await db.updateTable('messages').set({ origin_conversation_id: origin }).where('id', '=', messageId).execute();
  if (inboundAt !== null)
    await db
      .updateTable('conversations')
      .set((eb) => ({
        last_inbound_at: sql<number>`case when ${eb.ref('last_inbound_at')} is null or ${eb.ref('last_inbound_at')} < ${inboundAt} then ${inboundAt} else ${eb.ref('last_inbound_at')} end`,
        updated_at: now,
      }))
      .where('id', '=', origin)
      .execute();
}

async function openConversation(ctx: IntakeContext, m: InboundMessage, key: string, contactId: string): Promise<ConversationTable> {
  const row: ConversationTable = {
    id: newId(ctx.now),
    workspace_id: ctx.workspaceId,
    channel_id: ctx.channelId,
    contact_id: contactId,
    kind: m.kind,
    visibility: m.visibility,
    status: 'open',
    priority: 0,
    assignee_id: null,
    team_id: null,
    subject: m.subject ?? null,
    thread_key: key,
    public_item_id: m.publicItemId ?? null,
    linked_conversation_id: null,
    snoozed_until: null,
    last_message_at: m.networkTs,
    waiting_since: null,
    last_inbound_at: null,
    language: null,
    sentiment: null,
    unread: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    resolved_at: null,
    intent: null,
    needs_reply: null,
    merged_into_id: null,
  };
  // prettier-ignore
  await insertConversation(
    ctx.db,
    row.id,
    row.workspace_id,
    row.channel_id,
    row.contact_id,
    row.kind,
    row.visibility,
    row.subject,
    row.thread_key,
    row.public_item_id,
    row.last_message_at,
    row.created_at,
  );
  await appendEvent(ctx.db, {
    workspaceId: ctx.workspaceId,
    type: 'conversation.created',
    conversationId: row.id,
    data: { kind: row.kind, visibility: row.visibility, channelId: row.channel_id, contactId },
    at: ctx.now,
  });
  return row;
}
