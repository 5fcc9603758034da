import type { Hono } from 'hono';
import { z } from 'zod';
import { requireConversationPermission } from '../../auth/roles.js';
import { MAX_MERGE_SOURCES, mergeConversations } from '../../conversations/merge/merge-conversations.js';
import { unmergeConversation } from '../../conversations/merge/unmerge-conversation.js';
import { presentConversation } from '../../conversations/present.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const mergeBody = z.object({
  sourceIds: z
    .array(z.string().min(1).max(64))
    .min(1, 'give at least one conversation to merge')
    .max(MAX_MERGE_SOURCES)
    .describe('conversations of the same customer to merge INTO this one'),
});

const T = 'conversations';
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/merge',
  tag: T,
  summary:
    'Merge other conversations of the same customer into this one: their messages move here (each keeps its original conversation), they stay as tombstones with mergedInto',
  body: mergeBody,
  responses: {
    '200': 'merged: the conversation, and per source how many messages moved',
    '400': 'another customer, or the conversation itself',
    '404': 'a conversation not in this workspace',
    '409': 'one of them was already merged',
  },
});
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/unmerge',
  tag: T,
  summary: 'Undo the merge of this (merged) conversation: the messages of its own network thread come back to it',
  responses: { '200': 'unmerged: the conversation', '409': 'not merged, or its target was merged on since' },
});

/**
 * Merging conversations (conversations/merge/). Needs "conversations.triage" on every
 * conversation involved (a merge changes status, tags and where messages are, as triage does).
 * Mounted after mountConversations: its requireAuth covers these routes.
 */
export function mountConversationMerge(http: Hono<HonoEnv>) {
  http.post('/api/v1/conversations/:id/merge', async (c) => {
    const p = c.get('principal');
    const b = await parseBody(c, mergeBody);
    const app = c.get('app');
    await requireConversationPermission(app.store.db, p, [c.req.param('id'), ...b.sourceIds], 'conversations.triage');
    const r = await mergeConversations(app, { workspaceId: p.workspaceId, targetId: c.req.param('id'), sourceIds: b.sourceIds, actorUserId: p.userId });
    return c.json({ conversation: presentConversation(r.conversation, { tags: r.tags }), merged: r.merged });
  });

  http.post('/api/v1/conversations/:id/unmerge', async (c) => {
    const p = c.get('principal');
    const app = c.get('app');
    const row = await app.store.db
      .selectFrom('conversations')
      .select('merged_into_id')
      .where('workspace_id', '=', p.workspaceId)
      .where('id', '=', c.req.param('id'))
      .executeTakeFirst();
    await requireConversationPermission(app.store.db, p, [c.req.param('id'), ...(row?.merged_into_id ? [row.merged_into_id] : [])], 'conversations.triage');
    const r = await unmergeConversation(app, { workspaceId: p.workspaceId, sourceId: c.req.param('id'), actorUserId: p.userId });
    return c.json({ conversation: presentConversation(r.conversation), targetId: r.targetId, messages: r.messages });
  });
}
