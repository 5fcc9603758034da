import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { runDueJobs } from '../jobs/run-due.js';
import { processJournalBatch } from '../intake/processor.js';
import { slackErrorCode } from '../listening/alerts/deliver-webhook.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, PRODUCTION_OUTBOUND, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { createOutbound } from './outbound-http.js';

/**
 * Issue 17, defects 1 and 2: an admin points what Hearken calls (an RSS feed, an API channel's
 * callback, an alert webhook, a network's base URL) at an internal address. Every app here runs
 * with the production outbound rules (no allow-list, fixed network hosts) unless a test says so.
 */

const SECRET = 'INTERNAL-SECRET-42';

/** An "internal service" on loopback: answers with a secret, redirects, records what reaches it. */
interface Internal {
  port: number;
  hits: Array<{ path: string; authorization?: string }>;
  close(): Promise<void>;
}
async function startInternal(): Promise<Internal> {
  const hits: Internal['hits'] = [];
  const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>item-1</guid><title>Acme kettle recall</title><description>acme again</description><pubDate>Fri, 20 Nov 2026 08:15:00 GMT</pubDate></item></channel></rss>`;
  const server: Server = createServer((req: IncomingMessage, res) => {
    hits.push({ path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    const path = req.url ?? '';
    if (path.startsWith('/redirect')) return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
    if (path.startsWith('/rss')) return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
    if (path.startsWith('/refuse')) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(SECRET);
    res.writeHead(500, { 'content-type': 'text/plain' }).end(SECRET);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A DNS server of the test's choosing (a name an attacker controls can answer anything); unknown names are not found. */
function fakeDns(names: Record<string, string>) {
  return ((host: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null, a: Array<{ address: string; family: number }>) => void) => {
    const address = names[host];
    if (!address) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as never;
}

/** Replaces the app's outbound client with one under the same rules, resolving through `names`. */
function resolveThrough(app: App, names: Record<string, string>) {
  app.outbound.close();
  app.outbound = createOutbound({ ...app.config.outbound, resolve: fakeDns(names) });
}

let internal: Internal;
let t: TestApp;
let w: TestWorkspace;
const api = async (method: string, url: string, body?: unknown, app = t, token = w.token) => {
  const r = await app.req(method, url, { token, body });
  const text = await r.text();
  return { status: r.status, text, body: text ? JSON.parse(text) : null };
};

beforeAll(async () => {
  internal = await startInternal();
  t = await buildTestApp(PRODUCTION_OUTBOUND);
  w = await buildWorkspace(t);
});
afterAll(async () => {
  await t.close();
  await internal.close();
});

const INTERNAL_URLS = () => [
  `http://127.0.0.1:${internal.port}/feed`,
  'http://[::1]/feed',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://10.0.0.8/feed',
  'http://0x7f000001/feed',
  'http://2130706433/feed',
  'http://0177.0.0.1/feed',
  `http://localhost:${internal.port}/feed`,
  'http://[::ffff:127.0.0.1]/feed',
  'http://[fd00::1]/feed',
];

describe(`outbound rules: internal addresses (${testDialect})`, () => {
  it('an RSS source, an API callback and an alert webhook at an internal address are refused on save, with a clear error', async () => {
    for (const url of INTERNAL_URLS()) {
      const src = await api('POST', '/api/v1/listening/sources', { kind: 'rss', settings: { url } });
      expect(src.status, url).toBe(400);
      expect(src.body.error).toMatchObject({ code: 'outbound_refused', fields: [{ field: 'settings.url' }] });
      expect(src.body.error.message).toMatch(/is not a public address: Hearken does not call loopback, private, link-local or other internal addresses/);

      const ch = await api('POST', '/api/v1/channels', { type: 'api', name: 'Custom', settings: { callbackUrl: url } });
      expect(ch.status, url).toBe(400);
      expect(ch.body.error).toMatchObject({ code: 'outbound_refused', fields: [{ field: 'settings.callbackUrl' }] });
      const patch = await api('PATCH', `/api/v1/channels/${w.channelId}`, { settings: { callbackUrl: url } });
      expect(patch.status, url).toBe(400);
      expect(patch.body.error.code).toBe('outbound_refused');

      const rule = await api('POST', '/api/v1/listening/alert-rules', { name: 'Recalls', kind: 'keyword', keyword: 'recall', webhookUrl: url });
      expect(rule.status, url).toBe(400);
      expect(rule.body.error).toMatchObject({ code: 'outbound_refused', fields: [{ field: 'webhookUrl' }] });
    }
    expect(internal.hits).toEqual([]);
  });

  it('a host name resolving to loopback is refused on connect: the poll, the reply and the check say so, and nothing internal comes back', async () => {
    resolveThrough(t.app, { 'feeds.example.net': '127.0.0.1', 'hooks.example.net': '127.0.0.1' });
    const before = internal.hits.length;

    const src = await api('POST', '/api/v1/listening/sources', { kind: 'rss', settings: { url: `http://feeds.example.net:${internal.port}/feed` } });
    expect(src.status).toBe(201);
    const polled = await api('POST', `/api/v1/listening/sources/${src.body.id}/poll`);
    expect(polled.body.result.error).toBe(
      'rss: feeds.example.net is not a public address: Hearken does not call loopback, private, link-local or other internal addresses (an operator can allow one with HEARKEN_OUTBOUND_ALLOW)',
    );
    expect(polled.text).not.toContain(SECRET);
    expect(polled.text).not.toContain('127.0.0.1');

    const ch = await api('POST', '/api/v1/channels', {
      type: 'api',
      name: 'Hooked',
      settings: { callbackUrl: `http://hooks.example.net:${internal.port}/cb` },
    });
    expect(ch.status).toBe(201);
    const signingSecret = ch.body.secrets.signingSecret as string;
    expect((await deliver(t, { channelId: ch.body.id, signingSecret }, buildInbound({ from: { id: 'cust-ssrf', name: 'Sam' } }))).ok).toBe(true);
    while ((await processJournalBatch(t.app)) > 0);
    const conv = await t.app.store.db.selectFrom('conversations').select('id').where('channel_id', '=', ch.body.id).executeTakeFirstOrThrow();
    const reply = await api('POST', `/api/v1/conversations/${conv.id}/replies`, { text: 'On it' });
    expect(reply.status).toBe(201);
    await runDueJobs(t.app);
    const msg = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', reply.body.message.id).executeTakeFirstOrThrow();
    // Refused for good: retrying cannot make the address public, and the request surely never left.
    expect(msg.delivery_status).toBe('failed');
    expect(msg.delivery_error).toMatch(/^callback unreachable: hooks\.example\.net is not a public address/);

    const check = await api('POST', `/api/v1/channels/${ch.body.id}/check`);
    expect(check.body).toMatchObject({ status: 'failed' });
    expect(check.text).toMatch(/the callback URL is unreachable: hooks\.example\.net is not a public address/);
    expect(internal.hits.length).toBe(before);
  });

  it('a public-looking URL that redirects to loopback is refused at the redirect', async () => {
    // The operator allows this one host (it stands in for a public server); its redirect is judged again.
    const a = await buildTestApp({ ...PRODUCTION_OUTBOUND, HEARKEN_OUTBOUND_ALLOW: 'news.example.org' });
    try {
      resolveThrough(a.app, { 'news.example.org': '127.0.0.1' });
      const aw = await buildWorkspace(a);
      const before = internal.hits.length;
      const src = await api(
        'POST',
        '/api/v1/listening/sources',
        { kind: 'rss', settings: { url: `http://news.example.org:${internal.port}/redirect` } },
        a,
        aw.token,
      );
      expect(src.status).toBe(201);
      const polled = await api('POST', `/api/v1/listening/sources/${src.body.id}/poll`, undefined, a, aw.token);
      expect(polled.body.result.error).toMatch(/^rss: 127\.0\.0\.1 is not a public address/);
      expect(polled.text).not.toContain(SECRET);
      expect(internal.hits.slice(before).map((h) => h.path)).toEqual(['/redirect']);
    } finally {
      await a.close();
    }
  });

  it('the operator allow-list lets a named host through (and only it)', async () => {
    const a = await buildTestApp({ ...PRODUCTION_OUTBOUND, HEARKEN_OUTBOUND_ALLOW: 'feeds.intranet.example' });
    try {
      resolveThrough(a.app, { 'feeds.intranet.example': '127.0.0.1', 'other.intranet.example': '127.0.0.1' });
      const aw = await buildWorkspace(a);
      const ok = await api(
        'POST',
        '/api/v1/listening/sources',
        { kind: 'rss', settings: { url: `http://feeds.intranet.example:${internal.port}/rss` } },
        a,
        aw.token,
      );
      const polled = await api('POST', `/api/v1/listening/sources/${ok.body.id}/poll`, undefined, a, aw.token);
      expect(polled.body.result.error).toBeUndefined();
      expect(polled.body.result.fetched).toBe(1);
      const other = await api(
        'POST',
        '/api/v1/listening/sources',
        { kind: 'rss', settings: { url: `http://other.intranet.example:${internal.port}/rss` } },
        a,
        aw.token,
      );
      const refused = await api('POST', `/api/v1/listening/sources/${other.body.id}/poll`, undefined, a, aw.token);
      expect(refused.body.result.error).toMatch(/other\.intranet\.example is not a public address/);
    } finally {
      await a.close();
    }
  });

  it('an allowed host answering an error shows its status code, never its body', async () => {
    // The usual test app allows loopback: the feed and the callback are reached, and answer with a secret.
    const a = await buildTestApp();
    try {
      const aw = await buildWorkspace(a, { callbackUrl: `http://127.0.0.1:${internal.port}/refuse` });
      const src = await api('POST', '/api/v1/listening/sources', { kind: 'rss', settings: { url: `http://127.0.0.1:${internal.port}/feed` } }, a, aw.token);
      const polled = await api('POST', `/api/v1/listening/sources/${src.body.id}/poll`, undefined, a, aw.token);
      expect(polled.body.result.error).toBe('the feed answered 500');
      expect(polled.text).not.toContain(SECRET);

      expect((await deliver(a, aw, buildInbound({ from: { id: 'cust-body', name: 'Bo' } }))).ok).toBe(true);
      while ((await processJournalBatch(a.app)) > 0);
      const conv = await a.app.store.db.selectFrom('conversations').select('id').where('channel_id', '=', aw.channelId).executeTakeFirstOrThrow();
      const reply = await api('POST', `/api/v1/conversations/${conv.id}/replies`, { text: 'Hello' }, a, aw.token);
      await runDueJobs(a.app);
      const shown = await api('GET', `/api/v1/conversations/${conv.id}`, undefined, a, aw.token);
      const m = shown.body.messages.find((x: { id: string }) => x.id === reply.body.message.id);
      expect(m).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'the callback URL answered HTTP 400' });
      expect(shown.text).not.toContain(SECRET);
    } finally {
      await a.close();
    }
  });

  it("alert webhooks relay only Slack's own short error code, from Slack's host", () => {
    expect(slackErrorCode('https://hooks.slack.com/services/T/B/X', 'channel_is_archived')).toBe('channel_is_archived');
    expect(slackErrorCode('http://127.0.0.1:9/hook', 'channel_is_archived')).toBe('');
    expect(slackErrorCode('https://hooks.slack.com/services/T/B/X', `<html>${SECRET}</html>`)).toBe('');
  });

  it('HEARKEN_OUTBOUND_ALLOW is validated at boot', () => {
    expect(() => loadConfig({ HEARKEN_SECRET_KEY: 'a'.repeat(64), HEARKEN_OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEARKEN_SECRET_KEY: 'a'.repeat(64), HEARKEN_OUTBOUND_ALLOW: 'http://x/' })).toThrow(/HEARKEN_OUTBOUND_ALLOW/);
    const c = loadConfig({ HEARKEN_SECRET_KEY: 'a'.repeat(64), HEARKEN_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/8, feeds.corp' });
    expect(c.outbound.allow.entries).toEqual(['127.0.0.1', '10.0.0.0/8', 'feeds.corp']);
    expect(loadConfig({ HEARKEN_SECRET_KEY: 'a'.repeat(64) }).outbound).toMatchObject({ allowNetworkBaseUrl: false, allow: { entries: [] } });
  });
});

describe(`network base URLs are fixed (${testDialect})`, () => {
  it.each([
    ['messenger', { pageId: '1000000001', appSecret: 'app-secret-0123456789', pageAccessToken: 'EAAB-page-token-0123456789' }],
    ['instagram', { accountId: '17841400000000001', appSecret: 'app-secret-0123456789', accessToken: 'IGAA-token-0123456789' }],
    ['whatsapp', { phoneNumberId: '106540352242924', appSecret: 'app-secret-0123456789', accessToken: 'EAAB-page-token-0123456789' }],
    ['telegram', { botToken: '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' }],
    [
      'x',
      {
        userId: '3805104374',
        consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
        consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      },
    ],
  ])('a %s channel cannot be given an apiBaseUrl (create or update)', async (type, settings) => {
    const res = await api('POST', '/api/v1/channels', { type, name: type, settings: { ...settings, apiBaseUrl: 'https://attacker.example.com' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'network_base_url_fixed',
      message:
        "settings.apiBaseUrl: is fixed to the network's own API host and cannot be changed (only an operator can, for tests: HEARKEN_ALLOW_NETWORK_BASE_URL)",
      fields: [{ field: 'settings.apiBaseUrl' }],
    });
    const made = await api('POST', '/api/v1/channels', { type, name: type, settings });
    expect(made.status, made.text).toBe(201);
    const patch = await api('PATCH', `/api/v1/channels/${made.body.id}`, { settings: { apiBaseUrl: 'https://attacker.example.com' } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.code).toBe('network_base_url_fixed');
  });

  it("a listening source cannot replace a network's host either (X, YouTube, Reddit baseUrl)", async () => {
    const res = await api('POST', '/api/v1/listening/sources', {
      kind: 'x',
      settings: { baseUrl: 'https://attacker.example.com' },
      secrets: { bearerToken: 'AAAA-bearer' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'network_base_url_fixed', fields: [{ field: 'settings.baseUrl' }] });
  });

  it("a stored apiBaseUrl (older data) is ignored: /check sends the Page token to Meta's host, not to the stored one", async () => {
    // Every name fails to resolve here, so the real host is not called from the test; the attacker's is loopback.
    resolveThrough(t.app, {});
    const made = await api('POST', '/api/v1/channels', {
      type: 'messenger',
      name: 'Page',
      settings: { pageId: '1000000001', appSecret: 'app-secret-0123456789', pageAccessToken: 'EAAB-page-token-SECRET' },
    });
    expect(made.status).toBe(201);
    const row = await t.app.store.db.selectFrom('channels').select('settings').where('id', '=', made.body.id).executeTakeFirstOrThrow();
    const attacker = `http://127.0.0.1:${internal.port}`;
    await t.app.store.db
      .updateTable('channels')
      .set({ settings: JSON.stringify({ ...JSON.parse(row.settings), apiBaseUrl: attacker }) })
      .where('id', '=', made.body.id)
      .execute();
    t.app.channels.changed(made.body.id);
    const before = internal.hits.length;
    const check = await api('POST', `/api/v1/channels/${made.body.id}/check`);
    expect(check.body).toMatchObject({ status: 'failed' });
    expect(check.text).toMatch(/Meta unreachable: host not found \(ENOTFOUND\)/);
    expect(internal.hits.slice(before)).toEqual([]);
    // And an unrelated update does not carry the stored value forward.
    expect((await api('PATCH', `/api/v1/channels/${made.body.id}`, { settings: { appId: '123' } })).status).toBe(200);
    const after = await t.app.store.db.selectFrom('channels').select('settings').where('id', '=', made.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(after.settings).apiBaseUrl).toBeUndefined();
  });
});
