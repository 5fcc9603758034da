import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp } from '../../channels/email/testing/test-servers.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { ingestPosts } from '../mentions/ingest.js';
import { currentMatcher } from '../saved-queries/matcher-cache.js';
import { evaluateAlerts } from './evaluate.js';
import { renderAlertEmail } from './render-email.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let clock = Date.parse('2026-11-01T00:00:00Z');
let queryId: string;
let seq = 0;

beforeAll(async () => {
  smtp = await startTestSmtp({ user: 'alerts@acme.test', pass: 's3cret' });
  t = await buildTestApp({
    HEARKEN_SMTP_URL: `smtp://alerts%40acme.test:s3cret@127.0.0.1:${smtp.port}`,
    HEARKEN_MAIL_FROM: 'Acme Alerts <alerts@acme.test>',
    HEARKEN_PUBLIC_URL: 'https://care.example.com',
  });
  t.app.now = () => clock;
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  queryId = (await api('POST', '/api/v1/listening/queries', { name: 'Acme <Brand> & co', query: 'acme' })).body.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function api(method: string, url: string, body?: unknown, token = w.token) {
  const res = await t.req(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
async function arrive(posts: Array<{ text: string; url: string | null }>) {
  clock += 60_000;
  const snap = await currentMatcher(t.app);
  await t.app.store.db.transaction().execute((tx) =>
    ingestPosts(
      t.app,
      tx,
      snap,
      { id: 'src-test', workspaceId: w.workspaceId, kind: 'x' },
      posts.map((p) => ({ itemId: `m${++seq}`, text: p.text, author: `user${seq}`, url: p.url ?? undefined, postedAt: clock })),
    ),
  );
}
const latest = async () => (await api('GET', '/api/v1/listening/alerts')).body.alerts[0];

describe(`listening alerts by e-mail (${testDialect})`, () => {
  it('validates and normalises recipients; keeps them per rule', async () => {
    const bad = await api('POST', '/api/v1/listening/alert-rules', {
      kind: 'keyword',
      keyword: 'refund',
      emailRecipients: ['lead@acme.test', 'not an address'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toMatch(/emailRecipients/);
    expect((await api('GET', '/api/v1/listening/alert-rules')).body.rules).toEqual([]);
    const r = await api('POST', '/api/v1/listening/alert-rules', {
      name: 'Refunds',
      kind: 'keyword',
      keyword: 'refund',
      queryId,
      emailRecipients: ['Lead@Acme.test', 'ops@acme.test', 'lead@acme.test'],
    });
    expect(r.status).toBe(201);
    expect(r.body.emailRecipients).toEqual(['lead@acme.test', 'ops@acme.test']);
    expect((await api('PATCH', `/api/v1/listening/alert-rules/${r.body.id}`, { emailRecipients: [] }, other.token)).status).toBe(404);
  });

  it('e-mails the alert with the query and escaped links to the posts that caused it, once', async () => {
    const evil = '<script>alert(1)</script> acme refund "now" & then';
    await arrive([
      { text: evil, url: 'https://x.com/u/status/1?a=1&b=2' },
      { text: 'acme refund, take two', url: 'javascript:alert(1)' },
      { text: 'acme store opens at nine', url: 'https://x.com/u/status/3' },
    ]);
    expect(await evaluateAlerts(t.app)).toBe(1);
    const a = await latest();
    expect(a).toMatchObject({ emailDelivery: 'pending', delivery: 'none' });
    await runDueJobs(t.app);
    expect(smtp.received).toHaveLength(1);
    const m = smtp.received[0]!;
    expect(m.from).toBe('alerts@acme.test');
    expect(m.to.sort()).toEqual(['lead@acme.test', 'ops@acme.test']);
    expect(m.parsed.subject).toBe(`[Acme] Listening alert: ${a.message}`);
    const html = String(m.parsed.html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; acme refund &quot;now&quot; &amp; then');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Acme &lt;Brand&gt; &amp; co');
    expect(html).toContain('href="https://x.com/u/status/1?a=1&amp;b=2"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://care.example.com/listening/alerts"');
    const text = m.parsed.text!;
    expect(text).toContain('Query: Acme <Brand> & co');
    expect(text).toContain(evil);
    expect(text).toContain('https://x.com/u/status/1?a=1&b=2');
    expect(text).not.toContain('opens at nine'); // not a cause of the alert
    expect(await latest()).toMatchObject({ emailDelivery: 'sent', emailError: null });
    await runDueJobs(t.app);
    expect(smtp.received).toHaveLength(1); // never twice
  });

  it('retries a temporary refusal (451) and fails for good on a permanent one (550)', async () => {
    let first = true;
    smtp.setOnData(() => (first ? ((first = false), { code: 451, text: 'Try again later' }) : undefined));
    await arrive([{ text: 'acme refund three', url: null }]);
    expect(await evaluateAlerts(t.app)).toBe(1);
    await runDueJobs(t.app);
    expect(await latest()).toMatchObject({ emailDelivery: 'pending', emailError: expect.stringContaining('451') });
    clock += 3_600_000;
    await runDueJobs(t.app);
    expect(await latest()).toMatchObject({ emailDelivery: 'sent', emailError: null });
    smtp.setOnData(undefined);

    smtp.rejectRcpt.set('lead@acme.test', { code: 550, text: 'No such user here' });
    smtp.rejectRcpt.set('ops@acme.test', { code: 550, text: 'No such user here' });
    const before = smtp.received.length;
    await arrive([{ text: 'acme refund four', url: null }]);
    expect(await evaluateAlerts(t.app)).toBe(1);
    await runDueJobs(t.app);
    const failed = await latest();
    expect(failed.emailDelivery).toBe('failed');
    expect(failed.emailError).toMatch(/550|No such user/);
    clock += 3_600_000;
    await runDueJobs(t.app);
    expect(smtp.received.length).toBe(before);

    // one refused recipient: sent to the other, with a note
    smtp.rejectRcpt.delete('ops@acme.test');
    await arrive([{ text: 'acme refund five', url: null }]);
    expect(await evaluateAlerts(t.app)).toBe(1);
    await runDueJobs(t.app);
    expect(await latest()).toMatchObject({ emailDelivery: 'sent', emailError: 'the mail server refused lead@acme.test' });
    expect(smtp.received.at(-1)!.to).toEqual(['ops@acme.test']);
    smtp.rejectRcpt.clear();
  });

  it('renders header-safe subjects', () => {
    const r = renderAlertEmail({ workspace: 'A\r\nBcc: x@evil.test', message: 'm', queryName: null, createdAt: 0, posts: [], appUrl: 'https://h' });
    expect(r.subject).not.toMatch(/[\r\n]/);
  });
});

describe(`listening alert e-mail without a mail server (${testDialect})`, () => {
  it('fails the delivery with the reason, keeps the alert in the app', async () => {
    const bare = await buildTestApp();
    try {
      const ws = await buildWorkspace(bare);
      const call = async (method: string, url: string, body?: unknown) => (await bare.req(method, url, { token: ws.token, body })).json() as Promise<any>;
      await call('POST', '/api/v1/listening/queries', { name: 'Refunds', query: 'refund' });
      await call('POST', '/api/v1/listening/alert-rules', { kind: 'keyword', keyword: 'refund', emailRecipients: ['lead@acme.test'] });
      bare.app.now = () => Date.now() + 60_000;
      const snap = await currentMatcher(bare.app);
      await bare.app.store.db
        .transaction()
        .execute((tx) =>
          ingestPosts(bare.app, tx, snap, { id: 's', workspaceId: ws.workspaceId, kind: 'x' }, [
            { itemId: 'z1', text: 'refund please', author: 'a', postedAt: bare.app.now() },
          ]),
        );
      expect(await evaluateAlerts(bare.app)).toBe(1);
      await runDueJobs(bare.app);
      const a = (await call('GET', '/api/v1/listening/alerts')).alerts[0];
      expect(a).toMatchObject({ emailDelivery: 'failed', emailError: 'no outgoing mail server is configured: set HEARKEN_SMTP_URL' });
    } finally {
      await bare.close();
    }
  });
});
