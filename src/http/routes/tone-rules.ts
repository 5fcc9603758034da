import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { TONE_KINDS } from '../../enrich/tone-rules.js';
import { listToneRules } from '../../enrich/workspace-tone-rules.js';
import { deleteToneRule, saveToneRule } from '../../enrich/workspace-tone-rules-save.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const language = z.string().regex(/^[a-z]{2,3}$/, 'must be a two- or three-letter language code, like en, pt, tr, vi');
// Words in any script, spaces, apostrophes and hyphens; a trailing * means "any ending". No regular
// expressions: a rule runs on every draft, so it must not be able to run away.
const phrase = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80)
  .regex(/^([\p{L}\p{M}\p{N}'’\- ]+\*?)?$/u, 'letters, digits, spaces, apostrophes and hyphens only; end with * to match any ending (e.g. obvious*)');
const reason = z.string().trim().max(200).nullable();
const listQuery = z.object({ language: language.optional() });
const createBody = z.object({ language, kind: z.enum(TONE_KINDS), phrase, reason: reason.optional(), enabled: z.boolean().optional() });
const patchBody = createBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

const T = 'tone rules';
describe({
  method: 'get',
  path: '/api/v1/tone-rules',
  tag: T,
  summary: 'The tone rules the composer applies: built-in phrases (with any override) and the workspace’s own',
  query: listQuery,
  responses: { '200': '{rules: [{id, language, kind, phrase, reason, enabled, builtIn}]}' },
});
describe({
  method: 'post',
  path: '/api/v1/tone-rules',
  tag: T,
  summary: 'Add a tone rule (admin+); the same phrase as a built-in one sets its reason or, with enabled false, switches it off',
  body: createBody,
  responses: { '201': 'created', '409': 'that phrase already has a rule' },
});
describe({ method: 'patch', path: '/api/v1/tone-rules/{id}', tag: T, summary: 'Edit or disable a tone rule (admin+)', body: patchBody });
describe({
  method: 'delete',
  path: '/api/v1/tone-rules/{id}',
  tag: T,
  summary: 'Delete a tone rule (admin+); a built-in phrase goes back to its default',
  responses: { '204': 'deleted' },
});

/** Any member reads the rules; settings.manage changes them. */
export function mountToneRules(http: Hono<HonoEnv>) {
  http.use('/api/v1/tone-rules', requireAuth);
  http.use('/api/v1/tone-rules/*', requireAuth);
  http.get('/api/v1/tone-rules', async (c) => {
    const q = parseQuery(c, listQuery);
    return c.json({ rules: await listToneRules(c.get('app'), c.get('principal').workspaceId, q.language) });
  });
  http.post('/api/v1/tone-rules', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, createBody);
    return c.json(await saveToneRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.patch('/api/v1/tone-rules/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, patchBody);
    return c.json(await saveToneRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), ...b }));
  });
  http.delete('/api/v1/tone-rules/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await deleteToneRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });
}
