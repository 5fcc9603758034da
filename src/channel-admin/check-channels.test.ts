import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/index.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { testDialect } from '../test/store.js';
import { startTestImap, startTestSmtp } from '../channels/email/testing/test-servers.js';
import { startFakeGraph } from '../channels/meta/testing/fake-graph.js';
import { startFakeTelegram } from '../channels/telegram/testing/fake-telegram.js';
import { startFakeX } from '../channels/x/testing/fake-x.js';
import { checkChannels, type ChannelCheck } from './check-channels.js';

const APP_SECRET = 'app-secret-0123456789';
const TOKEN = 'EAAB-page-token-0123456789';
const IG_TOKEN = 'IGAA-token-0123456789';
const PAGE = '1000000001';
const PHONE = '106540352242924';
const WABA = '102290129340399';
const IG = '17841400000000001';
const BOT = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const X_CREDS = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const ADDRESS = 'support@acme.example';
const PASSWORD = 'mailbox password 1';

let t: TestApp;
let w: TestWorkspace;
const fakes: Array<{ close(): Promise<void> }> = [];
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
const ids: Record<string, string> = {};

const create = async (type: string, name: string, settings: Record<string, unknown>) => {
  const res = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type, name, settings } });
  expect(res.status, await res.clone().text()).toBe(201);
  ids[name] = (await res.json()).id;
};
const patch = (name: string, settings: Record<string, unknown>) => t.req('PATCH', `/api/v1/channels/${ids[name]}`, { token: w.token, body: { settings } });
const byName = (rows: ChannelCheck[]) => Object.fromEntries(rows.map((r) => [r.name, r]));

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_SEND_TIMEOUT_MS: '2000' });
  const callback = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: callback.url });
  graph = await startFakeGraph({ token: TOKEN, appSecret: APP_SECRET, accounts: { [PAGE]: 'messenger', [PHONE]: 'whatsapp' } });
  const ig = await startFakeGraph({ token: IG_TOKEN, appSecret: APP_SECRET, accounts: { [IG]: 'instagram' } });
  const telegram = await startFakeTelegram({ token: BOT });
  const x = await startFakeX({ creds: X_CREDS, userId: '3805104374' });
  x.users.set('3805104374', { id: '3805104374', name: 'Acme', username: 'AcmeSupport' });
  const smtp = await startTestSmtp({ user: ADDRESS, pass: PASSWORD });
  const imap = await startTestImap({ user: ADDRESS, pass: PASSWORD });
  fakes.push(callback, graph, ig, telegram, x, smtp, imap);
  graph.templates.set(WABA, []);
  graph.subscribed.add(PAGE);
  graph.subscribed.add(WABA);

  await create('messenger', 'Page', { pageId: PAGE, apiBaseUrl: graph.baseUrl, appSecret: APP_SECRET, pageAccessToken: TOKEN });
  await create('whatsapp', 'WhatsApp', { phoneNumberId: PHONE, businessAccountId: WABA, apiBaseUrl: graph.baseUrl, appSecret: APP_SECRET, accessToken: TOKEN });
  await create('instagram', 'Insta', { accountId: IG, apiBaseUrl: ig.baseUrl, appSecret: APP_SECRET, accessToken: IG_TOKEN });
  await create('telegram', 'Bot', { botToken: BOT, apiBaseUrl: telegram.baseUrl });
  await create('x', 'X', {
    userId: '3805104374',
    apiBaseUrl: x.baseUrl,
    consumerKey: X_CREDS.consumerKey,
    consumerSecret: X_CREDS.consumerSecret,
    accessToken: X_CREDS.token,
    accessTokenSecret: X_CREDS.tokenSecret,
  });
  await create('email', 'Mailbox', {
    address: ADDRESS,
    imapHost: '127.0.0.1',
    imapPort: imap.port,
    imapSecurity: 'none',
    smtpHost: '127.0.0.1',
    smtpPort: smtp.port,
    smtpSecurity: 'none',
    password: PASSWORD,
  });
  await create('site', 'Chat', { allowedOrigins: ['https://shop.example.com'] });
  Object.assign(process.env, childEnv(t));
});
afterAll(async () => {
  for (const f of fakes) await f.close();
  await t.close();
});

describe(`channels check (${testDialect})`, () => {
  it('asks each network with the stored credentials and reports every channel ok', async () => {
    const rows = await checkChannels(t.app, { workspaceId: w.workspaceId });
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['Custom source', 'ok'],
      ['Page', 'ok'],
      ['WhatsApp', 'ok'],
      ['Insta', 'ok'],
      ['Bot', 'ok'],
      ['X', 'ok'],
      ['Mailbox', 'ok'],
      ['Chat', 'ok'],
    ]);
    const r = byName(rows);
    expect(r.Page!.detail).toBe(`Page "Fake Shop Page" (${PAGE}); webhooks subscribed`);
    expect(r.Bot!.detail).toBe('bot @acme_support_bot (7000000001)');
    expect(r.X!.detail).toBe('@AcmeSupport (3805104374)');
    expect(r.Insta!.detail).toContain('@fakeshop');
    expect(r['Custom source']!.detail).toMatch(/callback reachable \(HTTP 401\)/);
    // the checks only read: nothing was posted to any network
    expect(graph.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it("names what is wrong in the network's own words, and the CLI exits non-zero", async () => {
    await patch('Page', { pageAccessToken: 'EAAB-revoked' });
    await patch('Mailbox', { password: 'wrong password' });
    await patch('Bot', { botToken: '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsXX' });
    graph.subscribed.delete(WABA);
    const r = byName(await checkChannels(t.app, { workspaceId: w.workspaceId }));
    expect(r.Page).toMatchObject({ status: 'failed', detail: expect.stringMatching(/Meta error 190: Invalid OAuth access token.*paste a new one/) });
    expect(r.WhatsApp).toMatchObject({ status: 'failed', detail: expect.stringMatching(/no app is subscribed to WhatsApp Business Account/) });
    expect(r.Mailbox).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^IMAP 127\.0\.0\.1:\d+: .*(auth|credential|LOGIN|fail)/i) });
    expect(r.Bot).toMatchObject({ status: 'failed', detail: 'Telegram error 401: Unauthorized' });
    expect(r.X!.status).toBe('ok');

    const lines: string[] = [];
    const code = await runCli(['channels', 'check', '--workspace', w.workspaceId], (l) => lines.push(l));
    const out = lines.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/^CHANNEL\s+TYPE\s+NETWORK\s+RESULT\s+DETAIL/);
    expect(out).toMatch(new RegExp(`Page \\(${ids.Page}\\)\\s+messenger\\s+facebook\\s+FAILED\\s+Meta error 190`));
    expect(out).toContain('4 of 8 channels failed');

    await patch('Page', { pageAccessToken: TOKEN });
    await patch('Mailbox', { password: PASSWORD });
    await patch('Bot', { botToken: BOT });
    graph.subscribed.add(WABA);
    const again: string[] = [];
    expect(await runCli(['channels', 'check', '--workspace', w.workspaceId], (l) => again.push(l))).toBe(0);
    expect(again.join('\n')).toContain('all 8 channels ok');
  });

  it("POST /channels/:id/check: one channel for an admin, in the network's words; agents 403, other workspaces 404", async () => {
    const res = await t.req('POST', `/api/v1/channels/${ids.Bot}/check`, { token: w.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ channelId: ids.Bot, name: 'Bot', status: 'ok', detail: 'bot @acme_support_bot (7000000001)' });
    await patch('Bot', { botToken: '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsXX' });
    expect(await (await t.req('POST', `/api/v1/channels/${ids.Bot}/check`, { token: w.token })).json()).toMatchObject({
      status: 'failed',
      detail: 'Telegram error 401: Unauthorized',
    });
    await patch('Bot', { botToken: BOT });
    expect(await (await t.req('POST', `/api/v1/channels/${ids.X}/check`, { token: w.token })).json()).toMatchObject({
      status: 'ok',
      detail: '@AcmeSupport (3805104374)',
    });
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('POST', `/api/v1/channels/${ids.X}/check`, { token: agent.token })).status).toBe(403);
    const other = await buildWorkspace(t, { name: 'Other' });
    expect((await t.req('POST', `/api/v1/channels/${ids.X}/check`, { token: other.token })).status).toBe(404);
  });

  it('a token of another account, an unreachable callback, a disabled channel', async () => {
    await patch('Page', { pageId: '1000000002' });
    // a port that was just free: nothing listens there
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { settings: { callbackUrl: `http://127.0.0.1:${closedPort}/hearken` } } });
    await t.req('PATCH', `/api/v1/channels/${ids.X}`, { token: w.token, body: { status: 'disabled' } });
    const r = byName(await checkChannels(t.app, { workspaceId: w.workspaceId }));
    expect(r.Page).toMatchObject({
      status: 'failed',
      detail: `the Page access token belongs to Fake Shop Page (${PAGE}), not to Page 1000000002: paste the token of this Page`,
    });
    expect(r['Custom source']).toMatchObject({ status: 'failed', detail: expect.stringMatching(/unreachable.*ECONNREFUSED/) });
    expect(r.X).toMatchObject({ status: 'skipped', detail: 'channel is disabled' });
  });

  it('--json, another workspace only, and usage errors', async () => {
    const other = await buildWorkspace(t, { name: 'Other' });
    const lines: string[] = [];
    await runCli(['channels', 'check', '--workspace', other.workspaceId, '--json'], (l) => lines.push(l));
    const json = JSON.parse(lines.join('\n'));
    expect(json.channels.map((c: ChannelCheck) => c.workspaceId)).toEqual([other.workspaceId]);
    const usage: string[] = [];
    expect(await runCli(['channels', 'frobnicate'], (l) => usage.push(l))).toBe(2);
    expect(usage.join('\n')).toContain('channels check');
  });
});
