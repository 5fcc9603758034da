import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { signVisitorToken, verifyVisitorToken } from './visitor-token.js';

const ORIGIN = 'https://shop.example.com';
let t: TestApp;
let w: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  const res = await t.req('POST', '/api/v1/channels', {
    token: w.token,
    body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: [`${ORIGIN}/`], color: '#112233', greeting: 'Hello <b>there</b>' } },
  });
  expect(res.status).toBe(201);
  key = (await res.json()).id;
});
afterAll(() => t.close());

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
/** A visitor request as the widget makes it: from the brand's page, with its token. */
const visitor = (method: string, path: string, o: { token?: string; body?: unknown; origin?: string | null; channel?: string } = {}) =>
  t.req(method, `/site/v1/${o.channel ?? key}${path}`, {
    body: o.body,
    headers: { ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
  });
const session = async (body: Record<string, unknown> = {}) => {
  const res = await visitor('POST', '/session', { body });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; visitorId: string; resumed: boolean; config: Record<string, unknown> };
};
let n = 0;
const say = (token: string, text: string, clientId = `client-${++n}-abcdef`) => visitor('POST', '/messages', { token, body: { clientId, text } });
const view = async (token: string, q = '') =>
  (await (await visitor('GET', `/messages${q}`, { token })).json()) as { messages: Array<Record<string, any>>; agentTyping: boolean; version: string };
const convOf = (visitorId: string) =>
  t.app.store.db.selectFrom('conversations').selectAll().where('thread_key', '=', `${key}:dm:${visitorId}`).executeTakeFirstOrThrow();

describe(`site chat widget channel (${testDialect})`, () => {
  it('is created with validated settings, shows its capabilities, and refuses bad settings naming the field', async () => {
    const list = (await (await t.req('GET', '/api/v1/channels', { token: w.token })).json()).channels;
    const ch = list.find((c: { id: string }) => c.id === key);
    expect(ch.settings).toMatchObject({ allowedOrigins: [ORIGIN], color: '#112233', askEmail: 'optional', title: 'Chat with us' });
    expect(ch.capabilities).toMatchObject({ publicReply: false, directMessages: true, kinds: ['chat'], messageWindowHours: null, attachments: false });
    const bad = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: { type: 'site', name: 'x', settings: { allowedOrigins: ['https://a.example/path'], color: 'red;}body{x' } },
    });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['settings.allowedOrigins.0', 'settings.color']));
    const none = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'site', name: 'x', settings: {} } });
    expect((await none.json()).error.fields[0].field).toBe('settings.allowedOrigins');
  });

  it('serves /widget.js for other sites, and the script never writes HTML', async () => {
    const res = await t.req('GET', '/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const src = await res.text();
    expect(src).toContain('/site/v1/');
    expect(src).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(src.length).toBeLessThan(16_000);
    expect(src).toBe(readFileSync(fileURLToPath(new URL('../channels/site/widget.js', import.meta.url)), 'utf8'));
  });

  it('answers CORS only for the allowed origins; unknown, other-type and disabled channels are 404', async () => {
    const pre = await t.req('OPTIONS', `/site/v1/${key}/messages`, { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const evil = await visitor('POST', '/session', { body: {}, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await visitor('GET', '/config');
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await ok.json()).toMatchObject({ title: 'Chat with us', greeting: 'Hello <b>there</b>', color: '#112233', online: true });
    expect((await visitor('GET', '/config', { channel: w.channelId })).status).toBe(404); // an API channel is not a chat
    expect((await visitor('GET', '/config', { channel: 'nope' })).status).toBe(404);
  });

  it('a visitor message goes through the journal into the inbox as a chat, once even when the widget retries', async () => {
    const s = await session({ name: 'Vera Visitor' });
    expect(s.token).toMatch(/\./);
    const first = await say(s.token, 'Do you ship to Lisbon?', 'retry-same-id-1');
    expect(first.status).toBe(202);
    expect((await say(s.token, 'Do you ship to Lisbon?', 'retry-same-id-1')).status).toBe(202);
    expect(await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', key).execute()).toHaveLength(2);
    await drain();
    const conv = await convOf(s.visitorId);
    expect(conv).toMatchObject({ kind: 'chat', visibility: 'private', status: 'open' });
    const api = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(api.contact.name).toBe('Vera Visitor');
    expect(api.messages.filter((m: { direction: string }) => m.direction === 'in').map((m: { body?: string; text?: string }) => m.body ?? m.text)).toEqual([
      'Do you ship to Lisbon?',
    ]);
    const mine = await view(s.token);
    expect(mine.messages).toMatchObject([{ from: 'visitor', text: 'Do you ship to Lisbon?', clientId: 'retry-same-id-1' }]);
  });

  it('an agent reply reaches the visitor only through the outbox, then is delivered when the widget acknowledges it', async () => {
    const s = await session();
    await say(s.token, 'Hi, is anyone there?');
    await drain();
    const conv = await convOf(s.visitorId);
    const before = await view(s.token);
    const r = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
      token: w.token,
      body: { text: 'Yes! <script>alert(1)</script> How can I help?' },
    });
    expect(r.status).toBe(201);
    const { message } = await r.json();
    expect((await view(s.token)).messages.map((m) => m.from)).toEqual(['visitor']); // queued: not shown yet
    await runDueJobs(t.app);
    const after = await view(s.token);
    expect(after.version).not.toBe(before.version);
    expect(after.messages[1]).toMatchObject({
      id: message.id,
      from: 'agent',
      text: 'Yes! <script>alert(1)</script> How can I help?',
      status: 'sent',
      author: 'Olivia',
    });
    // another visitor cannot acknowledge it
    const other = await session();
    expect(await (await visitor('POST', '/ack', { token: other.token, body: { ids: [message.id] } })).json()).toEqual({ acknowledged: 0 });
    expect(await (await visitor('POST', '/ack', { token: s.token, body: { ids: [message.id] } })).json()).toEqual({ acknowledged: 1 });
    await drain();
    const row = await t.app.store.db.selectFrom('messages').select('delivery_status').where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('delivered');
    expect((await view(s.token)).messages[1]!.status).toBe('delivered');
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('type')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'message.delivery_status')
      .execute();
    expect(ev.length).toBeGreaterThan(0);
  });

  it('notes never reach the visitor; a public reply is refused by the capabilities before anything is queued', async () => {
    const s = await session();
    await say(s.token, 'One more thing');
    await drain();
    const conv = await convOf(s.visitorId);
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/notes`, { token: w.token, body: { text: 'internal: VIP' } })).status).toBe(201);
    const pub = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'x', visibility: 'public' } });
    expect(pub.status).toBe(422);
    expect((await pub.json()).error.code).toBe('capability_unsupported');
    expect((await view(s.token)).messages.map((m) => m.text)).toEqual(['One more thing']);
  });

  it('resumes with the stored token; forged, foreign or missing tokens never reach another visitor', async () => {
    const s = await session();
    const again = await session({ token: s.token });
    expect(again).toMatchObject({ visitorId: s.visitorId, resumed: true });
    const forged = await session({ token: s.token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) });
    expect(forged.resumed).toBe(false);
    expect(forged.visitorId).not.toBe(s.visitorId);
    expect((await visitor('GET', '/messages')).status).toBe(401);
    expect((await visitor('POST', '/messages', { token: 'garbage', body: { clientId: 'abcdefgh', text: 'x' } })).status).toBe(401);
    // a token of another workspace's site channel is not valid here
    const w2 = await buildWorkspace(t, { name: 'Other' });
    const res = await t.req('POST', '/api/v1/channels', {
      token: w2.token,
      body: { type: 'site', name: 'Other chat', settings: { allowedOrigins: [ORIGIN] } },
    });
    const key2 = (await res.json()).id;
    const s2 = (await (await visitor('POST', '/session', { channel: key2, body: {} })).json()).token;
    expect((await visitor('GET', '/messages', { token: s2 })).status).toBe(401);
    // and that workspace cannot see this workspace's chats
    const conv = await t.req('GET', `/api/v1/conversations?channel=${key}`, { token: w2.token });
    expect((await conv.json()).conversations ?? []).toEqual([]);
    // expired tokens are refused too
    const secret = await t.app.store.db.selectFrom('channels').select('id').where('id', '=', key).executeTakeFirstOrThrow();
    expect(verifyVisitorToken('k', signVisitorToken('k', { channelId: secret.id, visitorId: 'v_abcdefghij', issuedAt: 0 }), secret.id, Date.now())).toBeNull();
  });

  it('the pre-chat email becomes an email identity of the contact, never a merge into someone else', async () => {
    const s = await session({ name: 'Eva', email: 'Eva@Example.com' });
    const ids = await t.app.store.db
      .selectFrom('identities')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('external_id', 'in', [s.visitorId, 'eva@example.com'])
      .execute();
    expect(ids.map((i) => i.network).sort()).toEqual(['email', 'site']);
    expect(new Set(ids.map((i) => i.contact_id)).size).toBe(1);
    const thief = await session({ email: 'eva@example.com' });
    const idents = await t.app.store.db
      .selectFrom('identities')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('external_id', '=', 'eva@example.com')
      .execute();
    expect(idents).toHaveLength(1);
    expect(idents[0]!.contact_id).toBe(ids[0]!.contact_id);
    const thiefSite = await t.app.store.db.selectFrom('identities').selectAll().where('external_id', '=', thief.visitorId).executeTakeFirstOrThrow();
    expect(thiefSite.contact_id).not.toBe(ids[0]!.contact_id);
    expect(thiefSite.handle).toBe('eva@example.com');
    const bad = await visitor('POST', '/session', { body: { email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('email');
  });

  it('limits body size, text length and request rate with clear errors', async () => {
    const s = await session();
    const big = await visitor('POST', '/messages', { token: s.token, body: { clientId: 'bigbigbig', text: 'x'.repeat(20_000) } });
    expect(big.status).toBe(413);
    const long = await visitor('POST', '/messages', { token: s.token, body: { clientId: 'longlong', text: 'é'.repeat(5001) } });
    expect(long.status).toBe(400);
    expect((await long.json()).error.fields[0].field).toBe('text');
    const empty = await visitor('POST', '/messages', { token: s.token, body: { clientId: 'emptyempty', text: '   ' } });
    expect(empty.status).toBe(400);
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const r = await say(s.token, `spam ${i}`);
      if (r.status === 429) limited = r;
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited!.json()).error.code).toBe('rate_limited');
  });

  it('long-polls until a reply is sent; typing goes both ways as presence', async () => {
    const s = await session({ name: 'Tom Typist' });
    await say(s.token, 'Waiting…');
    await drain();
    const conv = await convOf(s.visitorId);
    const v0 = await view(s.token);
    expect(v0.agentTyping).toBe(false);
    // the visitor types: agents see a presence entry for them
    expect((await visitor('POST', '/typing', { token: s.token, body: { typing: true } })).status).toBe(200);
    const pres = await (await t.req('GET', `/api/v1/conversations/${conv.id}/presence`, { token: w.token })).json();
    expect(pres.viewers).toEqual([{ userId: `visitor:${s.visitorId}`, name: 'Tom Typist', state: 'typing' }]);
    // an agent types: the waiting poll wakes with agentTyping
    const started = Date.now();
    const poll = visitor('GET', `/messages?wait=5&since=${v0.version}`, { token: s.token });
    setTimeout(() => void t.req('POST', `/api/v1/conversations/${conv.id}/presence`, { token: w.token, body: { state: 'typing' } }), 100);
    const typed = (await (await poll).json()) as { agentTyping: boolean; version: string };
    expect(typed.agentTyping).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    // a reply wakes the next poll once the outbox sent it
    const poll2 = visitor('GET', `/messages?wait=5&since=${typed.version}`, { token: s.token });
    await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Here now!' } });
    setTimeout(() => void runDueJobs(t.app), 100);
    const got = (await (await poll2).json()) as { messages: Array<{ text: string }> };
    expect(got.messages.map((m) => m.text)).toContain('Here now!');
  });

  it('a disabled channel stops answering visitors', async () => {
    const res = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'site', name: 'Old chat', settings: { allowedOrigins: [ORIGIN] } } });
    const id = (await res.json()).id;
    expect((await t.req('PATCH', `/api/v1/channels/${id}`, { token: w.token, body: { status: 'disabled' } })).status).toBe(200);
    expect((await visitor('GET', '/config', { channel: id })).status).toBe(404);
    expect((await t.req('POST', `/webhooks/${key}`, { body: '{}' })).status).toBe(401); // nobody posts to a chat's webhook
  });
});
