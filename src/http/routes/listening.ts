import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { evaluateAlerts } from '../../listening/alerts/evaluate.js';
import { listAlerts, markAlertRead } from '../../listening/alerts/list-alerts.js';
import { deleteRule, listRules, saveRule } from '../../listening/alerts/rules.js';
import { engageMention } from '../../listening/mentions/engage-mention.js';
import { listMentions } from '../../listening/mentions/list-mentions.js';
import { markMention } from '../../listening/mentions/mark-mention.js';
import { deleteQuery } from '../../listening/saved-queries/delete-query.js';
import { listQueries } from '../../listening/saved-queries/list-queries.js';
import { previewDraft } from '../../listening/saved-queries/preview-query.js';
import { saveQuery } from '../../listening/saved-queries/save-query.js';
import { deleteSource, getSource, listSources, pollSourceNow } from '../../listening/sources/list-sources.js';
import { SOURCE_KINDS } from '../../listening/sources/registry.js';
import { saveSource } from '../../listening/sources/save-source.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const queryFields = {
  name: z.string().trim().min(1).max(100),
  query: z.string().min(1).max(4096),
  kind: z.enum(['brand', 'competitor']),
  active: z.boolean(),
  accentSensitive: z.boolean(),
};
const createQuery = z.object({
  ...queryFields,
  kind: queryFields.kind.default('brand'),
  active: queryFields.active.default(true),
  accentSensitive: queryFields.accentSensitive.default(false),
});
const patchQuery = z
  .object(queryFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
const previewBody = z.object({
  query: z.string().min(1).max(4096),
  accentSensitive: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

const sourceFields = {
  kind: z.enum(SOURCE_KINDS),
  name: z.string().trim().min(1).max(100),
  settings: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string().min(1).max(2000).nullable()),
  pollIntervalSeconds: z.number().int().min(1).max(86_400),
  active: z.boolean(),
};
const createSource = z.object({
  ...sourceFields,
  name: sourceFields.name.optional(),
  settings: sourceFields.settings.default({}),
  secrets: sourceFields.secrets.optional(),
  pollIntervalSeconds: sourceFields.pollIntervalSeconds.optional(),
  active: sourceFields.active.optional(),
});
const patchSource = z
  .object(sourceFields)
  .omit({ kind: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));
const mentionsQuery = z.object({
  query: z.string().max(64).optional(),
  source: z.string().max(32).optional(),
  suggestion: z.enum(['engage', 'observe']).optional(),
  status: csv(['new', 'engaged', 'observed', 'irrelevant'] as const).optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
  lang: z.string().max(16).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
const engageBody = z.object({ channelId: z.string().min(1).max(64).optional() });

const ruleFields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['keyword', 'volume_spike', 'negative_spike']),
  queryId: z.string().min(1).max(64).nullable(),
  keyword: z.string().min(1).max(2048).nullable(),
  settings: z
    .object({
      windowMinutes: z.number().int().min(5).max(1440),
      baselineWindows: z.number().int().min(6).max(168),
      factor: z.number().min(1.5).max(20),
      minVolume: z.number().int().min(1).max(100_000),
    })
    .partial(),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  emailRecipients: z.array(z.email().max(254)).max(20),
  active: z.boolean(),
};
const createRule = z.object({
  ...ruleFields,
  name: ruleFields.name.optional(),
  queryId: ruleFields.queryId.optional(),
  keyword: ruleFields.keyword.optional(),
  settings: ruleFields.settings.optional(),
  webhookUrl: ruleFields.webhookUrl.optional(),
  emailRecipients: ruleFields.emailRecipients.optional(),
  active: ruleFields.active.optional(),
});
const patchRule = z
  .object(ruleFields)
  .omit({ kind: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
const alertsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(64).optional(),
});

const T = 'listening';
describe({
  method: 'get',
  path: '/api/v1/listening/queries',
  tag: T,
  summary: 'Saved listening queries, each with its precision (relevant / (relevant + irrelevant))',
});
describe({
  method: 'post',
  path: '/api/v1/listening/queries',
  tag: T,
  summary: 'Save a listening query (agent+); a query that does not parse is a 400 naming the position and what was expected',
  body: createQuery,
  responses: { '201': 'created', '400': 'invalid query', '409': 'name taken' },
});
describe({ method: 'patch', path: '/api/v1/listening/queries/{id}', tag: T, summary: 'Edit, pause or resume a listening query (agent+)', body: patchQuery });
describe({ method: 'delete', path: '/api/v1/listening/queries/{id}', tag: T, summary: 'Delete a listening query (agent+)', responses: { '204': 'deleted' } });
describe({
  method: 'post',
  path: '/api/v1/listening/queries/preview',
  tag: T,
  summary: 'Run a draft query over the most recent stored posts before saving it',
  body: previewBody,
  responses: { '200': 'matches', '400': 'invalid query' },
});
describe({
  method: 'get',
  path: '/api/v1/listening/sources',
  tag: T,
  summary: 'Listening sources with their poll state (last poll, last error, rate-limit backoff)',
});
describe({ method: 'get', path: '/api/v1/listening/sources/{id}', tag: T, summary: 'One listening source with its poll state' });
describe({
  method: 'post',
  path: '/api/v1/listening/sources',
  tag: T,
  summary: `Add a listening source (admin+): ${SOURCE_KINDS.join(', ')}`,
  body: createSource,
  responses: { '201': 'created' },
});
describe({
  method: 'patch',
  path: '/api/v1/listening/sources/{id}',
  tag: T,
  summary: 'Change a source (admin+); new settings reset its cursor',
  body: patchSource,
});
describe({
  method: 'delete',
  path: '/api/v1/listening/sources/{id}',
  tag: T,
  summary: 'Delete a source (admin+); its posts and mentions stay',
  responses: { '204': 'deleted' },
});
describe({ method: 'post', path: '/api/v1/listening/sources/{id}/poll', tag: T, summary: 'Poll a source now (admin+), honouring a rate-limit backoff' });
describe({ method: 'get', path: '/api/v1/listening/mentions', tag: T, summary: 'The mentions feed, newest first, filtered, by cursor', query: mentionsQuery });
describe({
  method: 'post',
  path: '/api/v1/listening/mentions/{id}/engage',
  tag: T,
  summary: 'Engage (agent+): the mention becomes or joins a conversation of kind mention on the chosen channel',
  body: engageBody,
});
describe({ method: 'post', path: '/api/v1/listening/mentions/{id}/observe', tag: T, summary: 'Observe (agent+): relevant, no answer' });
describe({
  method: 'post',
  path: '/api/v1/listening/mentions/{id}/irrelevant',
  tag: T,
  summary: 'Irrelevant (agent+): lowers the precision of the queries it matched',
});

describe({ method: 'get', path: '/api/v1/listening/alert-rules', tag: T, summary: 'Alert rules: keyword, volume spike, negative-sentiment spike' });
describe({
  method: 'post',
  path: '/api/v1/listening/alert-rules',
  tag: T,
  summary: 'Add an alert rule (admin+); webhookUrl = a Slack-compatible incoming webhook, emailRecipients = addresses each alert is e-mailed to',
  body: createRule,
  responses: { '201': 'created' },
});
describe({ method: 'patch', path: '/api/v1/listening/alert-rules/{id}', tag: T, summary: 'Change an alert rule (admin+)', body: patchRule });
describe({ method: 'delete', path: '/api/v1/listening/alert-rules/{id}', tag: T, summary: 'Delete an alert rule (admin+)', responses: { '204': 'deleted' } });
describe({
  method: 'get',
  path: '/api/v1/listening/alerts',
  tag: T,
  summary: 'Alerts raised, newest first, each with the posts that caused it',
  query: alertsQuery,
});
describe({ method: 'post', path: '/api/v1/listening/alerts/{id}/read', tag: T, summary: 'Mark an alert read', responses: { '204': 'read' } });
describe({
  method: 'post',
  path: '/api/v1/listening/alerts/evaluate',
  tag: T,
  summary: 'Evaluate the alert rules now (admin+; the scheduler does it after every poll)',
});

export function mountListening(http: Hono<HonoEnv>) {
  http.use('/api/v1/listening/*', requireAuth);
  const ws = (c: { get(k: 'principal'): { workspaceId: string } }) => c.get('principal').workspaceId;

  http.get('/api/v1/listening/queries', async (c) => c.json({ queries: await listQueries(c.get('app'), { workspaceId: ws(c) }) }));
  http.post('/api/v1/listening/queries/preview', async (c) => {
    const b = await parseBody(c, previewBody);
    return c.json(await previewDraft(c.get('app'), { workspaceId: ws(c), ...b }));
  });
  http.post('/api/v1/listening/queries', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    const b = await parseBody(c, createQuery);
    return c.json(await saveQuery(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.patch('/api/v1/listening/queries/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    const b = await parseBody(c, patchQuery);
    return c.json(await saveQuery(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), ...b }));
  });
  http.delete('/api/v1/listening/queries/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    await deleteQuery(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });

  http.get('/api/v1/listening/sources', async (c) => c.json({ sources: await listSources(c.get('app'), { workspaceId: ws(c) }) }));
  http.get('/api/v1/listening/sources/:id', async (c) => c.json(await getSource(c.get('app'), { workspaceId: ws(c), id: c.req.param('id') })));
  http.post('/api/v1/listening/sources', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, createSource);
    return c.json(await saveSource(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.patch('/api/v1/listening/sources/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, patchSource);
    return c.json(await saveSource(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), ...b }));
  });
  http.delete('/api/v1/listening/sources/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await deleteSource(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });
  http.post('/api/v1/listening/sources/:id/poll', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    return c.json(await pollSourceNow(c.get('app'), { workspaceId: p.workspaceId, id: c.req.param('id') }));
  });

  http.get('/api/v1/listening/mentions', async (c) => {
    const q = parseQuery(c, mentionsQuery);
    return c.json(
      await listMentions(c.get('app'), {
        workspaceId: ws(c),
        queryId: q.query,
        source: q.source,
        suggestion: q.suggestion,
        status: q.status,
        sentiment: q.sentiment,
        lang: q.lang,
        q: q.q,
        limit: q.limit,
        cursor: q.cursor,
      }),
    );
  });
  http.post('/api/v1/listening/mentions/:id/engage', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    const b = await parseBody(c, engageBody);
    return c.json(await engageMention(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), channelId: b.channelId }));
  });
  for (const [verb, status] of [
    ['observe', 'observed'],
    ['irrelevant', 'irrelevant'],
  ] as const) {
    http.post(`/api/v1/listening/mentions/:id/${verb}`, async (c) => {
      const p = c.get('principal');
      requirePermission(p, 'listening.use');
      return c.json(await markMention(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), status }));
    });
  }

  http.get('/api/v1/listening/alert-rules', async (c) => c.json({ rules: await listRules(c.get('app'), { workspaceId: ws(c) }) }));
  http.post('/api/v1/listening/alert-rules', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, createRule);
    return c.json(await saveRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }), 201);
  });
  http.patch('/api/v1/listening/alert-rules/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const b = await parseBody(c, patchRule);
    return c.json(await saveRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), ...b }));
  });
  http.delete('/api/v1/listening/alert-rules/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await deleteRule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });
  http.get('/api/v1/listening/alerts', async (c) => {
    const q = parseQuery(c, alertsQuery);
    return c.json(await listAlerts(c.get('app'), { workspaceId: ws(c), ...q }));
  });
  http.post('/api/v1/listening/alerts/evaluate', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    return c.json({ raised: await evaluateAlerts(c.get('app'), { workspaceId: p.workspaceId }) });
  });
  http.post('/api/v1/listening/alerts/:id/read', async (c) => {
    await markAlertRead(c.get('app'), { workspaceId: ws(c), id: c.req.param('id') });
    return c.body(null, 204);
  });
}
