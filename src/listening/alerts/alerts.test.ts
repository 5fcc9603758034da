import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../enrich/analyze.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { ingestPosts } from '../mentions/ingest.js';
import { currentMatcher } from '../saved-queries/matcher-cache.js';
import { evaluateAlerts } from './evaluate.js';

/** A Slack-compatible incoming webhook: answers "ok", or what the test scripts (429 with Retry-After, 404 no_service). */
async function startFakeSlack() {
  const received: Array<{ path: string; body: any }> = [];
  const script: Array<{ status: number; body: string; headers?: Record<string, string> }> = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return res.writeHead(400).end('invalid_payload');
    }
    if (req.url === '/services/archived') return res.writeHead(410).end('channel_is_archived');
    if (typeof body.text !== 'string' || !body.text) return res.writeHead(400).end('no_text');
    received.push({ path: req.url ?? '', body });
    const next = script.shift();
    if (next) return res.writeHead(next.status, next.headers).end(next.body);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, script, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
const HOUR = 3600_000;
const t0 = Date.parse('2026-11-01T00:00:00Z');
let clock = t0;
beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
  await t.close();
});

const api = async (method: string, url: string, body?: unknown, token = w.token) => {
  const res = await t.req(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
let seq = 0;
/** Posts arriving at `at` through the same ingest step sources use. */
async function arrive(texts: string[], at: number) {
  clock = at;
  const snap = await currentMatcher(t.app);
  await t.app.store.db.transaction().execute((tx) =>
    ingestPosts(
      t.app,
      tx,
      snap,
      { id: 'src-test', workspaceId: w.workspaceId, kind: 'x' },
      texts.map((text) => ({ itemId: `p${++seq}`, text, author: `user${seq % 7}`, url: `https://x.com/u/status/${seq}`, postedAt: at })),
    ),
  );
}
/** Seeded counts around a mean: noise with no spike in it. */
function counts(mean: number, n: number, seed: number) {
  let a = seed;
  const r = () => (a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => Math.max(0, Math.round(mean + (r() - 0.5) * mean)));
}

const CALM = ['acme shipped my parcel today', 'new acme catalogue is out', 'acme store opens at nine', 'thinking about buying an acme kettle'];
const ANGRY = 'acme is terrible, awful service, I hate this, worst company ever';

describe(`listening alerts (${testDialect})`, () => {
  it('the texts used here are read by the triage engine as the test needs', () => {
    expect(CALM.every((c) => analyzeMessage(c).sentiment.label !== 'negative')).toBe(true);
    expect(analyzeMessage(ANGRY).sentiment.label).toBe('negative');
  });

  it('validates rules: spike rules need a query of the workspace, keyword rules a valid expression, admins only', async () => {
    clock = t0;
    const q = (await api('POST', '/api/v1/listening/queries', { name: 'Acme', query: 'acme' })).body.id;
    expect((await api('POST', '/api/v1/listening/alert-rules', { kind: 'volume_spike' })).body.error.fields[0].field).toBe('queryId');
    expect((await api('POST', '/api/v1/listening/alert-rules', { kind: 'volume_spike', queryId: q }, other.token)).body.error.fields[0].field).toBe('queryId');
    const bad = await api('POST', '/api/v1/listening/alert-rules', { kind: 'keyword', keyword: 'refund AND (' });
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'keyword' });
    expect(bad.body.error.fields[0].reason).toMatch(/at position \d+: expected/);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await api('POST', '/api/v1/listening/alert-rules', { kind: 'keyword', keyword: 'refund' }, agent.token)).status).toBe(403);
  });

  it('keyword alert: fires once for the new matching mentions, links them, and reaches the Slack webhook (retrying a 429)', async () => {
    clock = t0 + HOUR;
    const rule = await api('POST', '/api/v1/listening/alert-rules', {
      name: 'Refunds',
      kind: 'keyword',
      keyword: 'refund OR recall*',
      webhookUrl: `${slack.url}/services/T000/B000/XXXX`,
    });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ webhook: true, kind: 'keyword', queryId: null });
    expect(JSON.stringify(rule.body)).not.toContain('/services/T000');
    await arrive(['acme refund still missing', 'acme recalled the K2 kettle', 'acme store opens at nine'], t0 + HOUR + 60_000);
    expect(await evaluateAlerts(t.app)).toBe(1);
    expect(await evaluateAlerts(t.app)).toBe(0); // nothing new: nothing fired twice
    const list = await api('GET', '/api/v1/listening/alerts');
    expect(list.body.unread).toBe(1);
    const alert = list.body.alerts[0];
    expect(alert).toMatchObject({ kind: 'keyword', delivery: 'pending', read: false });
    expect(alert.message).toBe('Refunds: 2 new mentions matching “refund OR recall*”');
    expect(alert.posts.map((p: any) => p.text).sort()).toEqual(['acme recalled the K2 kettle', 'acme refund still missing']);
    expect(alert.posts[0].url).toMatch(/^https:\/\/x\.com\/u\/status\//);

    slack.script.push({ status: 429, body: 'rate_limited', headers: { 'retry-after': '30' } });
    await runDueJobs(t.app);
    expect((await api('GET', '/api/v1/listening/alerts')).body.alerts[0]).toMatchObject({
      delivery: 'pending',
      // A local stand-in is not Slack's host: its answer's words are not relayed.
      deliveryError: 'webhook answered 429',
    });
    clock += 31_000;
    await runDueJobs(t.app);
    expect((await api('GET', '/api/v1/listening/alerts')).body.alerts[0]).toMatchObject({ delivery: 'sent', deliveryError: null });
    expect(slack.received).toHaveLength(2);
    expect(slack.received[1]!.body.text).toBe(alert.message);
    expect(JSON.stringify(slack.received[1]!.body.blocks)).toContain('<https://x.com/u/status/');
    await runDueJobs(t.app);
    expect(slack.received).toHaveLength(2); // never sent twice

    expect((await api('POST', `/api/v1/listening/alerts/${alert.id}/read`)).status).toBe(204);
    expect((await api('GET', '/api/v1/listening/alerts?unread=true')).body).toMatchObject({ alerts: [], unread: 0 });
    expect((await api('POST', `/api/v1/listening/alerts/${alert.id}/read`, undefined, other.token)).status).toBe(404);
    expect((await api('GET', '/api/v1/listening/alerts', undefined, other.token)).body.alerts).toEqual([]);
    await api('DELETE', `/api/v1/listening/alert-rules/${rule.body.id}`);
  });

  it('a webhook that refuses for good (410 channel_is_archived) marks the alert failed with its status code', async () => {
    const rule = await api('POST', '/api/v1/listening/alert-rules', {
      name: 'Outage',
      kind: 'keyword',
      keyword: 'outage',
      webhookUrl: `${slack.url}/services/archived`,
    });
    await arrive(['acme outage again'], clock + 1000);
    expect(await evaluateAlerts(t.app)).toBe(1);
    await runDueJobs(t.app);
    const a = (await api('GET', '/api/v1/listening/alerts')).body.alerts[0];
    expect(a).toMatchObject({ delivery: 'failed', deliveryError: 'webhook answered 410' });
    await api('DELETE', `/api/v1/listening/alert-rules/${rule.body.id}`);
  });

  it('volume and negative-sentiment spikes: quiet on a day of noise, fire on the spike once, in the app and to the webhook', async () => {
    const q = (await api('GET', '/api/v1/listening/queries')).body.queries[0].id;
    const day = t0 + 2 * HOUR;
    clock = day;
    const vol = (
      await api('POST', '/api/v1/listening/alert-rules', {
        name: 'Acme volume',
        kind: 'volume_spike',
        queryId: q,
        settings: { windowMinutes: 60, baselineWindows: 24, factor: 3, minVolume: 10 },
        webhookUrl: `${slack.url}/services/vol`,
      })
    ).body;
    const neg = (await api('POST', '/api/v1/listening/alert-rules', { name: 'Acme anger', kind: 'negative_spike', queryId: q })).body;
    const before = (await api('GET', '/api/v1/listening/alerts')).body.alerts.length;
    // a day of noise: 3–9 mentions an hour, one in five negative — and an evaluation every hour
    const noise = counts(6, 26, 42);
    for (let h = 0; h < 26; h++) {
      const n = noise[h]!;
      await arrive(
        Array.from({ length: n }, (_, i) => (i % 5 === 4 ? ANGRY : CALM[i % CALM.length]!)),
        day + h * HOUR + 30 * 60_000,
      );
      clock = day + h * HOUR + 50 * 60_000;
      expect(await evaluateAlerts(t.app), `hour ${h}`).toBe(0);
    }
    expect((await api('GET', '/api/v1/listening/alerts')).body.alerts.length).toBe(before);

    // a spike of angry posts
    const spikeAt = day + 26 * HOUR + 40 * 60_000; // the last noise hour (25h30) is out of the 60-minute window
    await arrive([...Array(35).fill(ANGRY), ...CALM], spikeAt);
    clock = spikeAt + 5 * 60_000;
    expect(await evaluateAlerts(t.app)).toBe(2);
    expect(await evaluateAlerts(t.app)).toBe(0); // once per window
    const alerts = (await api('GET', '/api/v1/listening/alerts?limit=2')).body.alerts;
    const byKind = Object.fromEntries(alerts.map((a: any) => [a.kind, a]));
    expect(byKind.volume_spike.message).toMatch(
      /^Acme volume: volume spike on “Acme” — 39 mentions against a usual [\d.]+ \(threshold \d+\) in the last 60 min$/,
    );
    expect(byKind.volume_spike.mentionIds).toHaveLength(20);
    expect(byKind.negative_spike.message).toMatch(/negative-sentiment spike on “Acme” — 35 negative mentions \(90% of 39\)/);
    expect(byKind.negative_spike.posts.every((p: any) => p.text === ANGRY)).toBe(true);
    expect(byKind.negative_spike.delivery).toBe('none');
    await runDueJobs(t.app);
    expect(slack.received.at(-1)!.path).toBe('/services/vol');
    expect(slack.received.at(-1)!.body.text).toBe(byKind.volume_spike.message);
    expect((await api('GET', '/api/v1/listening/alert-rules')).body.rules.find((r: any) => r.id === vol.id).lastFiredAt).toBe(new Date(clock).toISOString());
    expect(neg.kind).toBe('negative_spike');
  });
});
