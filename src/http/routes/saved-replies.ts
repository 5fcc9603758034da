import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { deleteSavedReply } from '../../saved-replies/delete-saved-reply.js';
import { listSavedReplies } from '../../saved-replies/list-saved-replies.js';
import { languageTag, SAVED_REPLY_LIMITS, savedReplyBody, translationsSchema } from '../../saved-replies/model.js';
import { saveSavedReply } from '../../saved-replies/save-saved-reply.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const listQuery = z.object({ q: z.string().max(200).optional() });
// translations: the whole set, replacing the stored one (omit it to keep it); language: the main text's (null clears it).
const createBody = z.object({
  name: z.string().trim().min(1).max(SAVED_REPLY_LIMITS.name),
  body: savedReplyBody,
  language: languageTag.nullable().optional(),
  translations: translationsSchema.optional(),
});
const patchBody = createBody.partial().refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });

const T = 'saved replies';
describe({ method: 'get', path: '/api/v1/saved-replies', tag: T, summary: 'Saved replies, searchable by name and text', query: listQuery });
describe({
  method: 'post',
  path: '/api/v1/saved-replies',
  tag: T,
  summary:
    'Create a saved reply (agent+); variables like {{contact.first_name}} are filled by the composer, and by rules and macros when they send it. translations: [{language, body}], one per language; sent instead of body to conversations in that language',
  body: createBody,
  responses: { '201': 'created', '409': 'name taken' },
});
describe({
  method: 'patch',
  path: '/api/v1/saved-replies/{id}',
  tag: T,
  summary: 'Edit a saved reply (agent+); translations, when given, replace the whole set',
  body: patchBody,
});
describe({ method: 'delete', path: '/api/v1/saved-replies/{id}', tag: T, summary: 'Delete a saved reply (agent+)', responses: { '204': 'deleted' } });

export function mountSavedReplies(http: Hono<HonoEnv>) {
  http.use('/api/v1/saved-replies', requireAuth);
  http.use('/api/v1/saved-replies/*', requireAuth);
  http.get('/api/v1/saved-replies', async (c) => {
    const q = parseQuery(c, listQuery);
    return c.json({ savedReplies: await listSavedReplies(c.get('app'), { workspaceId: c.get('principal').workspaceId, q: q.q }) });
  });
  http.post('/api/v1/saved-replies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'saved_replies.manage');
    const b = await parseBody(c, createBody);
    return c.json(await saveSavedReply(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.patch('/api/v1/saved-replies/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'saved_replies.manage');
    const b = await parseBody(c, patchBody);
    return c.json(await saveSavedReply(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), ...b }));
  });
  http.delete('/api/v1/saved-replies/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'saved_replies.manage');
    await deleteSavedReply(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });
}
