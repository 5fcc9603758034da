import { z } from 'zod';
import { priorityParam } from '../lib/priority.js';

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
 * The queue's filters, as query parameters. Shared by GET /conversations and saved views, so a
 * saved view can only hold filters the list understands.
 */
export const conversationFilterSchema = z.object({
  status: csv(z.enum(['open', 'pending', 'snoozed', 'resolved'])).optional(),
  assignee: z.string().min(1).max(64).optional().describe('a user id, "me" or "none"'),
  team: z.string().min(1).max(64).optional().describe('a team id or "none"'),
  channel: z.string().min(1).max(64).optional(),
  kind: csv(z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat'])).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  tag: z.string().min(1).max(64).optional(),
  priority: priorityParam.optional().describe('at least this priority: urgent, high, normal, low or none (the old 0–4 still work)'),
  contact: z.string().min(1).max(64).optional(),
  language: z.string().min(2).max(16).optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  intent: z.enum(['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other']).optional(),
  needsReply: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  folder: z
    .enum(['spam', 'removed'])
    .optional()
    .describe('spam: the Spam folder; removed: conversations whose awaiting messages were all removed. Without it, the queue leaves both out'),
  q: z.string().min(1).max(200).optional().describe('full-text search in the messages'),
  sort: z.enum(['newest', 'oldest_waiting', 'priority', 'sla_due']).default('newest').describe('sla_due: nearest SLA due time first, breached first'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
