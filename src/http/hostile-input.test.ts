import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../channels/api/signature.js';
import { startTestSmtp } from '../channels/email/testing/test-servers.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { surveyToken } from '../surveys/token.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { genericBodies, HOSTILE_QUERY_VALUES, HOSTILE_SEGMENTS, otherBodies, type RawBody, schemaBodies } from '../test/hostile-input.js';
import { testDialect } from '../test/store.js';
import { openApiDocument } from './openapi.js';

/**
 * Every route the app serves — read from the app's own route table, so a new route is covered the
 * day it is added — is sent hostile input as the workspace's owner: the NUL family, lone
 * surrogates, 10,000-deep JSON, 1e400 and 2^63, every wrong type for each field of its schema,
 * arrays for objects, empty bodies, invalid JSON, hostile path segments and query values.
 * Not one answer may be a 5xx; a refusal is a JSON error with a stable code.
 */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let t: TestApp;
let w: TestWorkspace;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let visitorToken = '';
/** A real id for a path parameter, by the path up to it ('/api/v1/teams/:id') or by its name ('userId'). */
const realIds: Record<string, string> = {};

interface Route {
  method: string;
  path: string;
  body?: Record<string, unknown>;
  query: string[];
}

function routeTable(): Route[] {
  const doc = openApiDocument('http://localhost') as { paths: Record<string, Record<string, any>> };
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const r of t.http.routes) {
    const key = `${r.method} ${r.path}`;
    if (!METHODS.has(r.method) || seen.has(key)) continue;
    seen.add(key);
    const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    routes.push({
      method: r.method,
      path: r.path,
      body: op?.requestBody?.content?.['application/json']?.schema,
      query: (op?.parameters ?? []).filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name),
    });
  }
  // Deleting last, so the other routes still find the real resources.
  return routes.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

/** The path with real ids where there are, else `fallback` for every parameter. */
function fill(path: string, fallback?: string): string | null {
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) {
    const m = /^:(\w+)/.exec(parts[i]!);
    if (!m) continue;
    const real = realIds[parts.slice(0, i).join('/')] ?? realIds[m[1]!];
    const v = fallback ?? real;
    if (v === undefined) return null;
    parts[i] = v;
  }
  return parts.join('/');
}

interface Outcome {
  what: string;
  status: number;
  code?: string;
}

async function send(method: string, url: string, body?: RawBody): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (url.startsWith('/site/')) {
    headers.authorization = `Bearer ${visitorToken}`;
    headers.origin = 'https://shop.example.com';
  } else headers.authorization = `Bearer ${w.token}`;
  if (body) {
    headers['content-type'] = body.contentType ?? 'application/json';
    if (url.startsWith(`/webhooks/${w.channelId}`)) Object.assign(headers, signBody(w.signingSecret, body.raw, t.app.now()));
  }
  const what = `${method} ${url.length > 120 ? `${url.slice(0, 120)}…` : url}${body ? ` [${body.label}]` : ''}`;
  const res = await t.http.request(url, { method, headers, body: body?.raw });
  let code: string | undefined;
  if (res.headers.get('content-type')?.includes('application/json')) {
    const text = await res.text();
    try {
      code = JSON.parse(text)?.error?.code;
    } catch {
      code = '(unparseable JSON)';
    }
  } else await res.body?.cancel(); // an SSE stream, a page, a file
  return { what, status: res.status, code };
}

beforeAll(async () => {
  // "Send the report now" mails for real: a mail server that accepts, so its answer is about the input.
  smtp = await startTestSmtp({ user: 'reports@acme.test', pass: 's3cret' });
  t = await buildTestApp({ HEARKEN_SMTP_URL: `smtp://reports%40acme.test:s3cret@127.0.0.1:${smtp.port}` });
  w = await buildWorkspace(t);
  // Real resources, so hostile bodies get past "not found" to the code that stores them.
  const routes = routeTable();
  for (const r of routes) {
    if (r.method !== 'POST' || !r.body || r.path.includes(':')) continue;
    if (!routes.some((x) => x.path.startsWith(`${r.path}/:`))) continue;
    const created = await t.req('POST', r.path, { token: w.token, body: schemaBodies(r.body)[0]!.raw });
    const id = created.ok ? (await created.json())?.id : undefined;
    if (typeof id === 'string') realIds[r.path] = id;
  }
  const other = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Another source', settings: {} });
  realIds['/api/v1/channels'] = other.id;
  realIds['/webhooks'] = w.channelId;
  realIds['/demo/callback'] = w.channelId;
  const site = await t.req('POST', '/api/v1/channels', {
    token: w.token,
    body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: ['https://shop.example.com'] } },
  });
  realIds['/site/v1'] = (await site.json()).id;
  visitorToken = (await (await t.req('POST', `/site/v1/${realIds['/site/v1']}/session`, { body: {}, headers: { origin: 'https://shop.example.com' } })).json())
    .token;
  await deliver(t, w, buildInbound({ from: { id: 'hostile-1', name: 'Ana' }, text: 'Where is my order?' }));
  while ((await processJournalBatch(t.app)) > 0);
  const conv = await t.app.store.db
    .selectFrom('conversations')
    .select(['id', 'contact_id'])
    .where('workspace_id', '=', w.workspaceId)
    .executeTakeFirstOrThrow();
  const msg = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
  realIds['/api/v1/conversations'] = conv.id;
  realIds['/api/v1/contacts'] = conv.contact_id;
  realIds['/api/v1/messages'] = msg.id;
  realIds.userId = (await buildMember(t, w.workspaceId, 'agent')).userId;
  // A survey link waiting for its answer (the hosted page's form).
  await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'csat', delayMinutes: 0 } });
  await t.req('POST', `/api/v1/conversations/${conv.id}/status`, { token: w.token, body: { status: 'resolved' } });
  await runDueJobs(t.app);
  const survey = await t.app.store.db.selectFrom('surveys').select('id').where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
  realIds['/s'] = surveyToken(t.config.secretKey, survey.id);
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe(`hostile input on every route (${testDialect})`, () => {
  it('no route answers 5xx, and every refusal of an API request is a JSON error with a code', { timeout: 600_000 }, async () => {
    const outcomes: Outcome[] = [];
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(100);
    for (const r of routes) {
      const real = fill(r.path);
      const urls = [...(real ? [real] : []), ...(r.path.includes(':') ? HOSTILE_SEGMENTS.map((s) => fill(r.path, s)!) : [])];
      for (const url of urls) outcomes.push(await send(r.method, url));
      const base = real ?? fill(r.path, 'x')!;
      // The documented query parameters; a GET without any still gets the usual paging names.
      const queries = r.query.length ? r.query : r.method === 'GET' ? ['cursor', 'limit'] : [];
      for (const q of queries) {
        for (const v of HOSTILE_QUERY_VALUES) outcomes.push(await send(r.method, `${base}?${q}=${v}`));
        outcomes.push(await send(r.method, `${base}?${q}=a&${q}=b`));
      }
      if (BODY_METHODS.has(r.method)) {
        for (const b of [...genericBodies(), ...otherBodies(), ...(r.body ? schemaBodies(r.body) : [])]) outcomes.push(await send(r.method, base, b));
      }
    }
    const failures = outcomes.filter((o) => o.status >= 500).map((o) => `${o.what} → ${o.status} ${o.code ?? ''}`);
    expect(failures).toEqual([]);
    const uncoded = outcomes
      .filter((o) => o.status >= 400 && (o.what.includes(' /api/') || o.what.includes(' /webhooks/') || o.what.includes(' /site/')) && !o.code)
      .map((o) => `${o.what} → ${o.status}`);
    expect(uncoded).toEqual([]);
  });

  it('text with NUL and lone surrogates is stored cleaned (a saved reply, a note, a search), or refused when nothing is left', async () => {
    const created = await t.req('POST', '/api/v1/saved-replies', { token: w.token, body: { name: 'Ship\u0000ping', body: 'On its way \ud83d\u0000!' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Shipping', body: 'On its way \ufffd!' });
    const conv = realIds['/api/v1/conversations'];
    const note = await t.req('POST', `/api/v1/conversations/${conv}/notes`, { token: w.token, body: { text: 'check\u0000 \udc00this' } });
    expect(note.status).toBe(201);
    const stored = await t.app.store.db.selectFrom('messages').select('body').where('conversation_id', '=', conv!).where('direction', '=', 'note').execute();
    expect(stored.map((m) => m.body)).toContain('check \ufffdthis');
    const empty = await t.req('POST', `/api/v1/conversations/${conv}/notes`, { token: w.token, body: { text: '\u0000\u0000' } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatchObject({ code: 'invalid_request', fields: [{ field: 'text', reason: 'must not be empty' }] });
    const search = await t.req('GET', '/api/v1/saved-replies?q=Ship%00ping', { token: w.token });
    expect(search.status).toBe(200);
    expect((await search.json()).savedReplies.map((r: { name: string }) => r.name)).toContain('Shipping');
  });
});
