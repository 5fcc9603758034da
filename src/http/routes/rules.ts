import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { createRule } from '../../rules/create-rule.js';
import { deleteRule } from '../../rules/delete-rule.js';
import { dryRunRule } from '../../rules/dry-run.js';
import { exportRules } from '../../rules/export-rules.js';
import { importRules } from '../../rules/import-rules.js';
import { listFirings } from '../../rules/list-firings.js';
import { getRule, listRules } from '../../rules/list-rules.js';
import { ruleInputSchema, rulePatchSchema, rulesFileSchema } from '../../rules/model.js';
import { reorderRules } from '../../rules/reorder-rules.js';
import { updateRule } from '../../rules/update-rule.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const createBody = z.intersection(ruleInputSchema, z.object({ position: z.number().int().min(1).optional() }));
const patchBody = rulePatchSchema.extend({ position: z.number().int().min(1).optional() });
const reorderBody = z.strictObject({ ids: z.array(z.string().min(1)).max(1000) });
const dryRunBody = z.strictObject({ rule: ruleInputSchema, limit: z.number().int().min(1).max(200).optional() });
const importBody = z.strictObject({ file: rulesFileSchema, replace: z.boolean().optional() });
const logQuery = z.object({
  ruleId: z.string().max(100).optional(),
  conversationId: z.string().max(100).optional(),
  outcome: z.enum(['pending', 'applied', 'partial', 'failed', 'limited', 'skipped']).optional(),
  before: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const T = 'Automation rules';
describe({ method: 'get', path: '/api/v1/rules', tag: T, summary: 'Rules in the order they run' });
describe({ method: 'post', path: '/api/v1/rules', tag: T, summary: 'Create a rule (settings managers); at the end unless `position`', body: createBody });
describe({ method: 'get', path: '/api/v1/rules/log', tag: T, summary: 'The firing log, newest first (rule, conversation, event, actions, outcome, error)' });
describe({ method: 'get', path: '/api/v1/rules/export', tag: T, summary: 'Every rule as a JSON file (import it with POST /rules/import)' });
describe({
  method: 'post',
  path: '/api/v1/rules/import',
  tag: T,
  summary: 'Import an export file (all or nothing); `replace` deletes the existing rules first',
  body: importBody,
});
describe({ method: 'post', path: '/api/v1/rules/reorder', tag: T, summary: 'Put every rule in this order', body: reorderBody });
describe({
  method: 'post',
  path: '/api/v1/rules/dry-run',
  tag: T,
  summary: 'Which recent conversations a rule (saved or draft) would have matched; nothing is changed',
  body: dryRunBody,
});
describe({ method: 'get', path: '/api/v1/rules/{id}', tag: T, summary: 'One rule' });
describe({ method: 'patch', path: '/api/v1/rules/{id}', tag: T, summary: 'Change, enable/disable (`enabled`) or move (`position`) a rule', body: patchBody });
describe({ method: 'post', path: '/api/v1/rules/{id}/enable', tag: T, summary: 'Enable a rule' });
describe({ method: 'post', path: '/api/v1/rules/{id}/disable', tag: T, summary: 'Disable a rule' });
describe({ method: 'delete', path: '/api/v1/rules/{id}', tag: T, summary: 'Delete a rule (its firings stay in the log)' });

/** Rules are workspace settings: reading and changing them both need `settings.manage`. */
export function mountRules(http: Hono<HonoEnv>) {
  http.use('/api/v1/rules', requireAuth);
  http.use('/api/v1/rules/*', requireAuth);
  const manager = (c: Context<HonoEnv>) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    return { app: c.get('app'), workspaceId: p.workspaceId, actorUserId: p.userId };
  };

  http.get('/api/v1/rules', async (c) => {
    const m = manager(c);
    return c.json({ rules: await listRules(m.app, m.workspaceId) });
  });
  http.post('/api/v1/rules', async (c) => {
    const m = manager(c);
    const { position, ...rule } = await parseBody(c, createBody);
    return c.json(await createRule(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, rule, position }), 201);
  });
  http.get('/api/v1/rules/log', async (c) => {
    const m = manager(c);
    return c.json(await listFirings(m.app, { workspaceId: m.workspaceId, ...parseQuery(c, logQuery) }));
  });
  http.get('/api/v1/rules/export', async (c) => {
    const m = manager(c);
    c.header('content-disposition', 'attachment; filename="hearken-rules.json"');
    return c.json(await exportRules(m.app, m.workspaceId));
  });
  http.post('/api/v1/rules/import', async (c) => {
    const m = manager(c);
    const body = await parseBody(c, importBody);
    return c.json({ rules: await importRules(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, file: body.file, replace: body.replace }) });
  });
  http.post('/api/v1/rules/reorder', async (c) => {
    const m = manager(c);
    const { ids } = await parseBody(c, reorderBody);
    return c.json({ rules: await reorderRules(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, ids }) });
  });
  http.post('/api/v1/rules/dry-run', async (c) => {
    const m = manager(c);
    const body = await parseBody(c, dryRunBody);
    return c.json(await dryRunRule(m.app, { workspaceId: m.workspaceId, rule: body.rule, limit: body.limit }));
  });
  http.get('/api/v1/rules/:id', async (c) => {
    const m = manager(c);
    return c.json(await getRule(m.app, m.workspaceId, c.req.param('id')));
  });
  http.patch('/api/v1/rules/:id', async (c) => {
    const m = manager(c);
    const patch = await parseBody(c, patchBody);
    return c.json(await updateRule(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, id: c.req.param('id'), patch }));
  });
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    http.post(`/api/v1/rules/:id/${verb}`, async (c) => {
      const m = manager(c);
      return c.json(await updateRule(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, id: c.req.param('id'), patch: { enabled } }));
    });
  http.delete('/api/v1/rules/:id', async (c) => {
    const m = manager(c);
    await deleteRule(m.app, { workspaceId: m.workspaceId, actorUserId: m.actorUserId, id: c.req.param('id') });
    return c.body(null, 204);
  });
}
