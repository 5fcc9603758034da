import { z } from 'zod';

/** Conversation, message and note events: what the metric rules, SLA clocks and queues read. */

const id = z.string();
const nullableId = z.string().nullable();
const status = z.enum(['open', 'pending', 'snoozed', 'resolved']);
const visibility = z.enum(['public', 'private']);
const kind = z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat']);
const moderationAction = z.enum(['hide', 'unhide', 'delete', 'like', 'block']);
/** Why a status changed: an agent (or the API), a customer writing back, a snooze running out. */
const statusChange = z.strictObject({
  from: status,
  to: status,
  reason: z.enum(['agent', 'customer_message', 'snooze_ended', 'merge']),
  snoozedUntil: z.number().nullable().optional(),
});

export const conversationEvents = {
  'conversation.created': {
    doc: 'a new thread starts (intake, or a private thread opened from a public one)',
    payload: z.strictObject({ kind, visibility, channelId: id, contactId: id, fromConversationId: id.optional() }),
  },
  'conversation.reopened': {
    doc: 'a resolved conversation gets a new customer message, or is reopened by hand',
    payload: statusChange,
  },
  'conversation.status_changed': { doc: 'open / pending / snoozed / resolved', payload: statusChange },
  'conversation.assigned': {
    doc: 'the assignee or team changes',
    payload: z.strictObject({
      assigneeId: nullableId,
      teamId: nullableId,
      previousAssigneeId: nullableId,
      previousTeamId: nullableId,
      // Set when routing (src/routing/) assigned it or took it back, rather than a person.
      performer: z.literal('routing').optional(),
    }),
  },
  'conversation.tagged': { doc: 'tags change', payload: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }) },
  'conversation.updated': {
    // The log keeps the stored rank (0–4); clients read the name (realtime/read-events.ts).
    doc: 'priority (by name: urgent … none) or subject change (only the fields given)',
    payload: z.strictObject({
      priority: z.number().optional(),
      subject: z.string().nullable().optional(),
      // false when the agent gave the priority back to the computation ("automatic").
      pinned: z.boolean().optional(),
    }),
  },
  'conversation.prioritized': {
    // Written by enrich/rescore.ts, only when the level moves; the stored rank, like conversation.updated.
    doc: 'the computed priority changes level (score from waiting time, sentiment, intent, VIP, reach, SLA)',
    payload: z.strictObject({ priority: z.number(), previous: z.number(), score: z.number() }),
  },
  'conversation.moved_to_private': { doc: 'a public thread continues in private', payload: z.strictObject({ privateConversationId: id }) },
  'conversation.marked_spam': {
    doc: 'marked spam, by an agent or by triage (signal and score say why); it leaves the queue and its SLA clocks stop',
    payload: z.strictObject({
      source: z.enum(['agent', 'triage']),
      signal: z.enum(['spam', 'troll']).nullable(),
      score: z.number().nullable(),
      status,
    }),
  },
  'conversation.unmarked_spam': {
    doc: '"Not spam": back in the queue in its status; `wasSource` triage counts as a false positive',
    payload: z.strictObject({ wasSource: z.enum(['agent', 'triage']), status }),
  },
  'conversation.removal_settled': {
    doc: 'every customer message awaiting an answer was removed (removed: true, it leaves the queue), or one came back (false)',
    payload: z.strictObject({ removed: z.boolean(), waitingSince: z.number().nullable() }),
  },
  'conversation.merged': {
    doc: 'another conversation of the same customer was merged into this one (conversationId = targetId): its messages moved here, it stays as a tombstone pointing here',
    payload: z.strictObject({
      targetId: id,
      sourceId: id,
      /** How many messages moved. */
      messages: z.number(),
      /** The source's status before the merge, and the merged conversation's after it. */
      sourceStatus: status,
      status,
      /** The merged conversation's assignee and team (the target's, unchanged). */
      assigneeId: nullableId,
      teamId: nullableId,
      addedTags: z.array(z.string()),
    }),
  },
  'conversation.unmerged': {
    doc: 'a merge was undone (conversationId = targetId): the source conversation is back with the messages of its own network thread',
    payload: z.strictObject({ targetId: id, sourceId: id, messages: z.number(), status }),
  },
  'note.added': { doc: 'an internal note is added', payload: z.strictObject({ messageId: id, mentionedUserIds: z.array(id) }) },

  'message.received': { doc: 'a customer message arrives', payload: z.strictObject({ messageId: id, externalId: z.string(), kind }) },
  'message.echoed': {
    doc: "a message the brand sent from the network's own app shows up",
    payload: z.strictObject({ messageId: id, externalId: z.string(), kind }),
  },
  'message.created': {
    doc: 'a reply is queued for sending (agent, bot, automation, survey question, template), or imported',
    payload: z.strictObject({
      messageId: id,
      direction: z.literal('out'),
      authorKind: z.enum(['human', 'bot', 'automation']),
      visibility,
      template: z.string().optional(),
      survey: z.literal(true).optional(),
      imported: z.literal('twcs').optional(),
    }),
  },
  'message.sent': { doc: 'the network accepted a reply', payload: z.strictObject({ messageId: id, externalId: z.string().nullable().optional() }) },
  'message.failed': { doc: 'a reply failed for good', payload: z.strictObject({ messageId: id, error: z.string(), attempts: z.number() }) },
  'message.needs_human': {
    doc: 'whether a reply arrived is unknown: a person decides',
    payload: z.strictObject({ messageId: id, error: z.string() }),
  },
  'message.retried': { doc: 'a failed or needs-human reply is queued again', payload: z.strictObject({ messageId: id, previous: z.string() }) },
  'message.edited': { doc: 'the customer edits a message', payload: z.strictObject({ messageId: id }) },
  'message.deleted': {
    doc: 'the customer deletes a message, or the team deletes a public comment on the network (by "team")',
    payload: z.strictObject({ messageId: id, by: z.literal('team').optional(), actionId: id.optional() }),
  },
  'message.moderation_queued': {
    doc: 'an agent asks to hide, unhide, delete or like a public comment, or block its author (through the outbox)',
    payload: z.strictObject({ messageId: id, actionId: id, action: moderationAction }),
  },
  'message.hidden': { doc: 'a public comment was hidden on the network', payload: z.strictObject({ messageId: id, actionId: id }) },
  'message.unhidden': { doc: 'a hidden public comment was shown again on the network', payload: z.strictObject({ messageId: id, actionId: id }) },
  'message.liked': { doc: 'the brand liked a public comment on the network', payload: z.strictObject({ messageId: id, actionId: id }) },
  'contact.blocked': {
    doc: "a comment's author was blocked (banned from the Page) on the network",
    payload: z.strictObject({ contactId: id, identityId: id, messageId: id, actionId: id }),
  },
  'message.moderation_failed': {
    doc: "the network refused a moderation action, or it kept failing: the network's own words",
    payload: z.strictObject({ messageId: id, actionId: id, action: moderationAction, error: z.string(), attempts: z.number() }),
  },
  'message.flagged': {
    doc: 'triage finds a customer message suspect (spam intent, abuse, or a troll-leaning score); the spam reactor decides',
    payload: z.strictObject({ messageId: id, intent: z.string(), confidence: z.number(), trollScore: z.number() }),
  },
  'message.delivery_status': {
    doc: 'the network reports delivered / read / failed',
    payload: z.strictObject({ messageId: id, status: z.enum(['sent', 'delivered', 'read', 'failed']), error: z.string().nullable() }),
  },
  'message.media_updated': {
    doc: "a message's attachments were copied into Hearken's media store (or refused)",
    payload: z.strictObject({ messageId: id, stored: z.number(), refused: z.number() }),
  },
} as const;
