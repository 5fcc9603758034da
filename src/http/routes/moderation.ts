import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAnyPermission, requireConversationPermission } from '../../auth/roles.js';
import { MODERATION_ACTIONS } from '../../channels/contract/moderation.js';
import { bulkModerate } from '../../conversations/bulk-moderate.js';
import { moderateMessage } from '../../conversations/moderate-message.js';
import { presentModeration } from '../../conversations/present-moderation.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const moderationBody = z.object({
  action: z
    .enum(MODERATION_ACTIONS)
    .describe("hide | unhide | delete | like | block (the comment's author); the channel's capabilities.moderation lists what its network allows"),
});
const bulkModerationBody = z.object({
  ids: z.array(z.string().max(64)).min(1).max(100).describe('conversation ids'),
  action: z.enum(['hide', 'delete']),
});

const T = 'conversations';
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/messages/{messageId}/moderation',
  tag: T,
  summary: "Hide, unhide, delete or like a customer's public comment, or block its author, on the network (queued through the outbox)",
  body: moderationBody,
  responses: {
    '202': 'queued: {"moderation": {id, messageId, action, status, error}}',
    '409': 'already in that state, deleted, or another action on its way',
    '422': 'the network does not allow this action (capability_unsupported), or not a public customer comment',
  },
});
describe({
  method: 'post',
  path: '/api/v1/conversations/bulk-moderation',
  tag: T,
  summary: 'Hide or delete the public customer comments of up to 100 conversations (queued through the outbox); says per conversation what was skipped and why',
  body: bulkModerationBody,
});

/** Moderation routes; mounted after mountConversations, whose requireAuth covers /api/v1/conversations/*. */
export function mountModeration(http: Hono<HonoEnv>) {
  http.post('/api/v1/conversations/bulk-moderation', async (c) => {
    const p = c.get('principal');
    requireAnyPermission(p, ['conversations.moderate']);
    const b = await parseBody(c, bulkModerationBody);
    await requireConversationPermission(c.get('app').store.db, p, b.ids, 'conversations.moderate');
    return c.json(await bulkModerate(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 202);
  });

  http.post('/api/v1/conversations/:id/messages/:messageId/moderation', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.moderate');
    const b = await parseBody(c, moderationBody);
    const row = await moderateMessage(c.get('app'), {
      workspaceId: p.workspaceId,
      conversationId: c.req.param('id'),
      messageId: c.req.param('messageId'),
      action: b.action,
      actorUserId: p.userId,
    });
    return c.json({ moderation: presentModeration(row) }, 202);
  });
}
