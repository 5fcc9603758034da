import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp } from '../channels/email/testing/test-servers.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { nextRunAt, previousPeriod } from './report-period.js';
import { renderReportEmail, showValue } from './render-email.js';

describe('report periods', () => {
  const wed = Date.parse('2026-03-04T12:00:00Z'); // a Wednesday
  it('weekly = the previous Monday–Sunday; monthly = the previous calendar month (in the zone)', () => {
    expect(previousPeriod('weekly', wed, 'UTC')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(previousPeriod('monthly', wed, 'UTC')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod('monthly', Date.parse('2026-01-10T00:00:00Z'), 'UTC')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    // 23:30 UTC on Sunday is already Monday in Tokyo: the week that just ended is reported there
    expect(previousPeriod('weekly', Date.parse('2026-03-08T23:30:00Z'), 'Asia/Tokyo')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
  });
  it('next run: Monday / the 1st at 07:00 local time, always after now, across DST', () => {
    expect(new Date(nextRunAt('weekly', wed, 'UTC')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(new Date(nextRunAt('weekly', Date.parse('2026-03-09T06:59:00Z'), 'UTC')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(new Date(nextRunAt('weekly', Date.parse('2026-03-09T07:00:00Z'), 'UTC')).toISOString()).toBe('2026-03-16T07:00:00.000Z');
    expect(new Date(nextRunAt('monthly', wed, 'UTC')).toISOString()).toBe('2026-04-01T07:00:00.000Z');
    // Berlin moves to summer time on 29 March 2026: 07:00 CEST is 05:00 UTC
    expect(new Date(nextRunAt('weekly', Date.parse('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-30T05:00:00.000Z');
    expect(new Date(nextRunAt('monthly', Date.parse('2026-12-15T00:00:00Z'), 'UTC')).toISOString()).toBe('2027-01-01T07:00:00.000Z');
  });
  it('values read like people read them', () => {
    expect([
      showValue(null, 'ratio'),
      showValue(0.915, 'ratio'),
      showValue(42, 'seconds'),
      showValue(125, 'seconds'),
      showValue(7260, 'seconds'),
      showValue(4.25, 'score'),
      showValue(3, 'count'),
    ]).toEqual(['–', '91.5 %', '42 s', '2 min 5 s', '2 h 1 min', '4.3', '3']);
  });
});

describe(`reports API and e-mailed reports (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let clock = Date.parse('2026-03-04T10:00:00Z');
  const MIN = 60_000;

  beforeAll(async () => {
    smtp = await startTestSmtp({ user: 'reports@acme.test', pass: 's3cret' });
    t = await buildTestApp({
      HEARKEN_SMTP_URL: `smtp://reports%40acme.test:s3cret@127.0.0.1:${smtp.port}`,
      HEARKEN_MAIL_FROM: 'Acme Reports <reports@acme.test>',
      HEARKEN_PUBLIC_URL: 'https://care.example.com',
    });
    t.app.now = () => clock;
    w = await buildWorkspace(t, { name: 'Acme & <Co>' });
    // Last week (Mon 23 Feb – Sun 1 Mar): two customers; one answered after 10 minutes, one never.
    clock = Date.parse('2026-02-24T09:00:00Z');
    for (const [id, text] of [
      ['r1', 'I love it, thanks!'],
      ['r2', 'My order is broken and late'],
    ]) {
      await deliver(t, w, buildInbound({ from: { id, name: id }, text, timestamp: clock }));
    }
    while ((await processJournalBatch(t.app)) > 0);
    const conv = await t.app.store.db
      .selectFrom('conversations')
      .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
      .select('conversations.id')
      .where('identities.external_id', '=', 'r1')
      .executeTakeFirstOrThrow();
    clock += 10 * MIN;
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Glad to hear!' } })).status).toBe(201);
    clock = Date.parse('2026-03-04T10:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const q = 'from=2026-02-23&to=2026-03-01&tz=UTC';

  it('dashboard extras: first-response distribution and sentiment mix over the same period and filters', async () => {
    const r = await t.req('GET', `/api/v1/reports/dashboard?${q}`, { token: w.token });
    expect(r.status).toBe(200);
    const d = await r.json();
    const dist = Object.fromEntries(d.firstResponseDistribution.map((b: { key: string; count: number }) => [b.key, b.count]));
    expect(dist).toEqual({ lt5m: 0, lt15m: 1, lt1h: 0, lt4h: 0, lt24h: 0, gte24h: 0, unanswered: 1 });
    const mix = d.sentimentMix as Record<string, number>;
    expect(Object.values(mix).reduce((a, b) => a + b, 0)).toBe(2);
    const other = await t.req('GET', `/api/v1/reports/dashboard?${q}&kind=comment`, { token: w.token });
    expect((await other.json()).firstResponseDistribution.every((b: { count: number }) => b.count === 0)).toBe(true);
    expect((await t.req('GET', '/api/v1/reports/dashboard?time=sideways', { token: w.token })).status).toBe(400);
  });

  it('exports any metrics table as CSV with units in the column names, named after the days picked, scoped to the workspace', async () => {
    const r = await t.req('GET', `/api/v1/reports/export?${q}&by=channel`, { token: w.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    // 23 Feb – 1 Mar picked: the file says so (not the exclusive end, 2 Mar)
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="hearken-metrics-channel-2026-02-23-2026-03-01.csv"');
    const lines = (await r.text()).trim().split('\n');
    const head = lines[0]!.split(',');
    expect(head.slice(0, 3)).toEqual(['Channel id', 'Channel', 'Inbound messages']);
    expect(head).toContain('CSAT (happy share) (%)');
    const row = Object.fromEntries(head.map((h, i) => [h, lines[1]!.split(',')[i]]));
    expect(row).toMatchObject({
      'Channel id': w.channelId,
      Channel: 'Custom source',
      'Customer cycles': '2',
      Answered: '1',
      'Response rate (%)': '50',
      'First response median (minutes)': '10',
    });
    const durations = head.filter((h) => /^(First response|Next response|Resolution) (median|mean|p90)/.test(h));
    expect(durations).toHaveLength(9);
    expect(durations.every((h) => h.endsWith('(minutes)'))).toBe(true);
    expect(head.filter((h) => /rate/i.test(h)).every((h) => h.endsWith('(%)'))).toBe(true);
    expect(lines.at(-1)!.startsWith(',Total,')).toBe(true);
    // the days are the report zone's: in Berlin the period starts at 23:00 UTC the day before
    const berlin = await t.req('GET', `/api/v1/reports/export?from=2026-02-23&to=2026-03-01&tz=Europe/Berlin`, { token: w.token });
    expect(berlin.headers.get('content-disposition')).toBe('attachment; filename="hearken-metrics-total-2026-02-23-2026-03-01.csv"');
    expect((await t.req('GET', '/api/v1/reports/export?by=colour', { token: w.token })).status).toBe(400);
    const other = await buildWorkspace(t, { name: 'Other' });
    const theirs = (await (await t.req('GET', `/api/v1/reports/export?${q}&by=channel`, { token: other.token })).text()).trim().split('\n');
    expect(theirs).toHaveLength(2); // header and TOTAL only
    expect(theirs.join()).not.toContain(w.channelId);
  });

  it('schedule: validated, admin only, plans a durable job at the next Monday 07:00', async () => {
    expect(await (await t.req('GET', '/api/v1/reports/schedule', { token: w.token })).json()).toMatchObject({ enabled: false, recipients: [] });
    const bad = await t.req('PUT', '/api/v1/reports/schedule', { token: w.token, body: { enabled: true, frequency: 'daily', recipients: ['not-an-address'] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['frequency', 'recipients.0']);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect(
      (await t.req('PUT', '/api/v1/reports/schedule', { token: agent.token, body: { enabled: true, frequency: 'weekly', recipients: ['lead@acme.test'] } }))
        .status,
    ).toBe(403);
    const ok = await t.req('PUT', '/api/v1/reports/schedule', {
      token: w.token,
      body: { enabled: true, frequency: 'weekly', recipients: ['lead@acme.test', 'boss@acme.test'] },
    });
    expect(await ok.json()).toMatchObject({ enabled: true, frequency: 'weekly', nextRunAt: '2026-03-09T07:00:00.000Z', lastSentAt: null });
    const jobs = await t.app.store.db.selectFrom('jobs').selectAll().where('name', '=', 'reports.email').where('status', '=', 'pending').execute();
    expect(jobs.map((j) => j.run_at)).toEqual([Date.parse('2026-03-09T07:00:00Z')]);
  });

  it('"send now" mails the HTML report of the last whole period over SMTP', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('POST', '/api/v1/reports/schedule/send-now', { token: agent.token, body: {} })).status).toBe(403);
    const r = await t.req('POST', '/api/v1/reports/schedule/send-now', { token: w.token, body: {} });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ sent: true, period: '2026-02-23 – 2026-03-01', recipients: ['lead@acme.test', 'boss@acme.test'] });
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['lead@acme.test', 'boss@acme.test']);
    expect(mail.parsed.subject).toBe('Acme & <Co>: customer care report, 2026-02-23 – 2026-03-01');
    const html = String(mail.parsed.html);
    expect(html).toContain('Acme &amp; &lt;Co&gt;');
    expect(html).not.toContain('<Co>');
    expect(html).toMatch(/response rate<\/td><td[^>]*>50\.0 %/);
    expect(html).toContain('https://care.example.com/reports');
    expect(mail.parsed.text).toContain('first response median: 10 min 0 s');
  });

  it('the scheduled job sends, plans the next week, ignores stale plans, and records a refusal', async () => {
    const before = smtp.received.length;
    clock = Date.parse('2026-03-09T07:00:00Z');
    await runDueJobs(t.app);
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.parsed.subject).toContain('2026-03-02 – 2026-03-08');
    const s = await (await t.req('GET', '/api/v1/reports/schedule', { token: w.token })).json();
    expect(s).toMatchObject({
      lastSentAt: '2026-03-09T07:00:00.000Z',
      lastPeriod: '2026-03-02 – 2026-03-08',
      lastError: null,
      nextRunAt: '2026-03-16T07:00:00.000Z',
    });
    // a job for a plan that was replaced does nothing
    await t.app.store.db
      .insertInto('jobs')
      .values({
        id: 'stale-report-job',
        workspace_id: w.workspaceId,
        name: 'reports.email',
        version: 1,
        payload: JSON.stringify({ workspaceId: w.workspaceId, runAt: 1 }),
        status: 'pending',
        attempts: 0,
        run_at: 0,
        locked_until: null,
        locked_by: null,
        last_error: null,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    await runDueJobs(t.app);
    expect(smtp.received.length).toBe(before + 1);

    smtp.rejectRcpt.set('lead@acme.test', { code: 550, text: 'No such user here' });
    smtp.rejectRcpt.set('boss@acme.test', { code: 550, text: 'No such user here' });
    clock = Date.parse('2026-03-16T07:00:00Z');
    await runDueJobs(t.app);
    const s2 = await (await t.req('GET', '/api/v1/reports/schedule', { token: w.token })).json();
    expect(s2.lastError).toMatch(/550/);
    expect(s2.nextRunAt).toBe('2026-03-23T07:00:00.000Z');
    const now = await t.req('POST', '/api/v1/reports/schedule/send-now', { token: w.token, body: {} });
    expect(now.status).toBe(502);
    expect((await now.json()).error).toMatchObject({ code: 'mail_failed', message: expect.stringMatching(/No such user here/) });
    smtp.rejectRcpt.clear();
  });

  it('without SMTP configured, "send now" says so', async () => {
    const t2 = await buildTestApp();
    try {
      const w2 = await buildWorkspace(t2);
      const r = await t2.req('POST', '/api/v1/reports/schedule/send-now', { token: w2.token, body: { recipients: ['a@b.test'] } });
      expect(r.status).toBe(502);
      expect((await r.json()).error.message).toContain('HEARKEN_SMTP_URL');
      expect((await t2.req('POST', '/api/v1/reports/schedule/send-now', { token: w2.token, body: {} })).status).toBe(409);
    } finally {
      await t2.close();
    }
  });

  it('lists the reports and survey routes in /openapi.json', async () => {
    const doc = await (await t.req('GET', '/openapi.json')).json();
    for (const p of [
      '/api/v1/reports/dashboard',
      '/api/v1/reports/export',
      '/api/v1/reports/schedule',
      '/api/v1/reports/schedule/send-now',
      '/api/v1/survey-settings',
      '/api/v1/surveys',
      '/api/v1/surveys/{id}/wow',
      '/s/{token}',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });

  it('renders an empty group as "no conversations"', () => {
    const empty = {
      from: '',
      to: '',
      time: 'calendar',
      timeZone: 'UTC',
      by: ['agent'],
      filters: {},
      metrics: [{ key: 'conversations', label: 'customer cycles', unit: 'count' }],
      rows: [],
      total: { key: {}, metrics: {} },
      definitions: '',
    } as never;
    expect(
      renderReportEmail({ workspace: 'W', periodLabel: 'p', totals: empty, groups: [{ title: 'By agent', by: 'agent', report: empty }], appUrl: 'http://x' })
        .html,
    ).toContain('no conversations');
  });
});
