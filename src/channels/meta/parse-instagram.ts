import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent } from '../contract/inbound.js';

/**
 * Instagram `comments` (and `live_comments`) changes: a comment on one of the account's media.
 * One conversation per media + commenter (publicItemId = media id). The account's own comments
 * are skipped, like the Page's on Facebook (docs/channels-meta.md).
 */
const value = z
  .object({
    id: z.string().min(1).max(256),
    text: z.string().max(100_000).optional(),
    parent_id: z.string().max(256).optional(),
    from: z.object({ id: z.string().min(1).max(256), username: z.string().max(256).optional() }).passthrough(),
    media: z.object({ id: z.string().min(1).max(256), media_product_type: z.string().max(50).optional() }).passthrough(),
  })
  .passthrough();

export function parseInstagramComment(raw: unknown, accountId: string | undefined, where: string, at: number): InboundEvent[] {
  const r = value.safeParse(raw);
  if (!r.success) throw new Error(describeIssues(r.error, `${where}.value.`, ''));
  const v = r.data;
  if (accountId && v.from.id === accountId) return [];
  return [
    {
      type: 'message',
      externalId: v.id,
      kind: 'comment',
      visibility: 'public',
      publicItemId: v.media.id,
      from: { externalId: v.from.id, handle: v.from.username ? `@${v.from.username}` : undefined, name: v.from.username },
      text: v.text ?? '',
      attachments: [],
      replyToExternalId: v.parent_id,
      networkTs: at,
      direction: 'in',
      authorKind: 'customer',
    },
  ];
}
