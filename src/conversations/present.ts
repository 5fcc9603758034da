import { parseJson } from '../lib/json.js';
import { priorityName } from '../lib/priority.js';
import type { PriorityReason } from '../enrich/priority.js';
import type { ConversationTable, MessageTable } from '../store/schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API's shape of a conversation (camelCase, ISO times). */
export function presentConversation(c: ConversationTable, extra: Record<string, unknown> = {}) {
  return {
    id: c.id,
    channelId: c.channel_id,
    contactId: c.contact_id,
    kind: c.kind,
    visibility: c.visibility,
    status: c.status,
    priority: priorityName(c.priority),
    assigneeId: c.assignee_id,
    teamId: c.team_id,
    subject: c.subject,
    publicItemId: c.public_item_id,
    linkedConversationId: c.linked_conversation_id,
    snoozedUntil: iso(c.snoozed_until),
    lastMessageAt: iso(c.last_message_at),
    waitingSince: iso(c.waiting_since),
    lastInboundAt: iso(c.last_inbound_at),
    language: c.language,
    sentiment: c.sentiment,
    intent: c.intent ?? null,
    needsReply: c.needs_reply === null || c.needs_reply === undefined ? null : c.needs_reply === 1,
    unread: c.unread,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    resolvedAt: iso(c.resolved_at),
    /** Marked spam (conversations/spam/): when, by whom (agent id) or by triage, and why. null = not spam. */
    spam:
      (c.spam_at ?? null) === null
        ? null
        : { at: iso(c.spam_at!), source: c.spam_source ?? 'agent', by: c.spam_by ?? null, signal: c.spam_signal ?? null, score: c.spam_score ?? null },
    /** Every awaiting customer message was removed: out of the queue, nothing waits (conversations/settle-after-removal.ts). */
    removedAt: iso(c.removed_at ?? null),
    signals: presentSignals(c),
    /** Merged into another conversation (conversations/merge/): a tombstone; follow `mergedInto.id`. null = not merged. */
    mergedInto: c.merged_into_id ? { id: c.merged_into_id, at: iso(c.merged_at ?? null), byUserId: c.merged_by ?? null } : null,
    ...extra,
  };
}

/**
 * What triage found and the priority made of it (README "Signals and priority"): the intent and
 * how sure, whether the customer's latest message needs a reply, its troll score (0–1), and the
 * priority level with its score, the reasons that add up to it, and whether an agent pinned it.
 */
export function presentSignals(c: ConversationTable) {
  return {
    intent: c.intent ? { label: c.intent, confidence: c.intent_confidence ?? null } : null,
    needsReply: c.needs_reply === null || c.needs_reply === undefined ? null : c.needs_reply === 1,
    trollScore: c.troll_score ?? null,
    priority: {
      level: priorityName(c.priority),
      score: c.priority_score ?? 0,
      reasons: parseJson<PriorityReason[]>(c.priority_reasons ?? null, []),
      pinned: (c.priority_pinned ?? 0) === 1,
      computedAt: iso(c.priority_scored_at ?? null),
    },
  };
}

/** Message bodies are returned as plain text; clients must render them as text, never HTML. */
export function presentMessage(m: MessageTable) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    /** The conversation (network thread) it was written in when a merge brought it here; null = this one. */
    originConversationId: m.origin_conversation_id ?? null,
    direction: m.direction,
    authorKind: m.author_kind,
    authorUserId: m.author_user_id,
    visibility: m.visibility,
    body: m.body,
    deleted: m.deleted_at !== null,
    /** The text and attachments were erased at the customer's request (privacy/erase-contact.ts). */
    erased: m.erased_at !== null && m.erased_at !== undefined,
    attachments: parseJson(m.attachments, []),
    externalId: m.external_id,
    replyToExternalId: m.reply_to_external_id,
    networkTimestamp: iso(m.network_ts),
    receivedAt: iso(m.received_at),
    deliveryStatus: m.delivery_status,
    deliveryError: m.delivery_error,
    editedAt: iso(m.edited_at),
    deletedAt: iso(m.deleted_at),
    /** Hidden on the network by the team (README "Moderation"); null = shown. */
    hiddenAt: iso(m.hidden_at ?? null),
    /** Liked on the network by the brand; null = not liked. */
    likedAt: iso(m.liked_at ?? null),
    createdAt: iso(m.created_at),
    language: m.language ?? null,
    sentiment: m.sentiment ?? null,
    intent: m.intent ?? null,
    /** Triage details for customer messages: needs-reply, troll score and signals, PII spans. */
    analysis: m.analysis ? parseJson(m.analysis, null) : null,
  };
}
