import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent } from '../contract/inbound.js';
import { metaTime } from './webhook.js';

/**
 * Facebook Page `feed` changes: comments on the Page's posts (add / edited / remove) and posts
 * visitors write on the Page. A comment conversation is one per post + commenter (publicItemId =
 * post id). The Page's own comments and posts are skipped: Hearken's own public replies are
 * recorded by the outbox under the id Meta returned, and an outside reply gives no commenter to
 * thread under (docs/channels-meta.md). Reactions, likes, shares, hides are not conversation content.
 */
const id = z.union([z.string(), z.number()]).transform(String);
const value = z
  .object({
    item: z.string(),
    verb: z.string(),
    comment_id: id.optional(),
    post_id: id.optional(),
    parent_id: id.optional(),
    message: z.string().max(100_000).optional(),
    from: z
      .object({ id: id, name: z.string().max(256).optional() })
      .passthrough()
      .optional(),
    created_time: z.union([z.number(), z.string()]).optional(),
    photo: z.string().max(4000).optional(),
    video: z.string().max(4000).optional(),
    link: z.string().max(4000).optional(),
  })
  .passthrough();

const POST_ITEMS = new Set(['post', 'status', 'photo', 'video']);

export function parseFeedChange(raw: unknown, pageId: string | undefined, where: string, fallbackTs: number): InboundEvent[] {
  const r = value.safeParse(raw);
  if (!r.success) throw new Error(describeIssues(r.error, `${where}.value.`, ''));
  const v = r.data;
  const isComment = v.item === 'comment';
  if (!isComment && !POST_ITEMS.has(v.item)) return [];
  const externalId = isComment ? v.comment_id : v.post_id;
  if (!externalId) throw new Error(`${where}.value.${isComment ? 'comment_id' : 'post_id'}: required for a ${v.item}`);
  const at = metaTime(v.created_time, fallbackTs);
  if (v.verb === 'remove') return [{ type: 'delete', externalId, networkTs: at }];
  if (v.verb === 'edited' || v.verb === 'edit') return v.message === undefined ? [] : [{ type: 'edit', externalId, text: v.message, networkTs: at }];
  if (v.verb !== 'add') return []; // hide, unhide, block, like, update…
  if (!v.from) throw new Error(`${where}.value.from: required for a new ${v.item}`);
  if (pageId && v.from.id === pageId) return [];
  if (!v.post_id) throw new Error(`${where}.value.post_id: required for a comment`);
  const attachments = [v.photo && { type: 'image', url: v.photo }, v.video && { type: 'video', url: v.video }, v.link && { type: 'link', url: v.link }].filter(
    (a): a is { type: string; url: string } => !!a,
  );
  return [
    {
      type: 'message',
      externalId,
      kind: 'comment',
      visibility: 'public',
      publicItemId: v.post_id,
      from: { externalId: v.from.id, name: v.from.name },
      text: v.message ?? '',
      attachments,
      // A reply to another comment names it; a top-level comment's parent is the post itself.
      replyToExternalId: isComment && v.parent_id && v.parent_id !== v.post_id ? v.parent_id : undefined,
      networkTs: at,
      direction: 'in',
      authorKind: 'customer',
    },
  ];
}
