import { z } from 'zod';
import { priorityParam } from '../lib/priority.js';
import type { QueueFilter } from './queue-filter.js';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

/**
 * The queue's filters, as query parameters: different fields combine with AND; a comma-separated
 * list within one field matches any of its values (OR). Shared by GET /conversations and saved views, so a
 * saved view can only hold filters the list understands.
 */
export const conversationFilterSchema = z.object({
  status: csv(z.enum(['open', 'pending', 'snoozed', 'resolved'])).optional(),
  assignee: csv(z.string().min(1).max(64)).optional().describe('user ids, "me" or "none", comma-separated (any of them)'),
  team: csv(z.string().min(1).max(64)).optional().describe('team ids or "none", comma-separated (any of them)'),
  channel: csv(z.string().min(1).max(64)).optional().describe('channel ids, comma-separated (any of them)'),
  kind: csv(z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat'])).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  tag: csv(z.string().min(1).max(64)).optional().describe('tags, comma-separated: conversations carrying any of them'),
  priority: priorityParam.optional().describe('at least this priority: urgent, high, normal, low or none (the old 0–4 still work)'),
  contact: z.string().min(1).max(64).optional(),
  language: csv(z.string().min(2).max(16)).optional().describe('language codes, comma-separated (any of them)'),
  sentiment: csv(z.enum(['negative', 'neutral', 'positive'])).optional(),
  intent: csv(z.enum(['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other'])).optional(),
  needsReply: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe("true: the customer's latest message needs a reply and nobody answered yet; false: the others"),
  troll: z.enum(['hide', 'only']).optional().describe('likely trolls (troll score ≥ 0.5): hide leaves them out, only lists just them'),
  folder: z
    .enum(['spam', 'removed'])
    .optional()
    .describe('spam: the Spam folder; removed: conversations whose awaiting messages were all removed. Without it, the queue leaves both out'),
  q: z.string().min(1).max(200).optional().describe('full-text search in the messages'),
  sort: z
    .enum(['newest', 'oldest_waiting', 'priority', 'sla_due'])
    .default('newest')
    .describe('priority: highest level first, then highest computed score, then newest; sla_due: nearest SLA due time first, breached first'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

/** The parsed query parameters as the list's filter (the API's names → the domain's). */
export function toQueueFilter(q: Omit<z.output<typeof conversationFilterSchema>, 'sort' | 'limit' | 'cursor'>): Omit<QueueFilter, 'workspaceId' | 'userId'> {
  const { channel, contact, priority, ...rest } = q;
  return { ...rest, channelId: channel, contactId: contact, minPriority: priority };
}
