import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { surveyToken } from './token.js';

let t: TestApp;
let w: TestWorkspace;
let clock = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_PUBLIC_URL: 'https://care.example.com' });
  t.app.now = () => clock;
  w = await buildWorkspace(t, { name: 'Acme <Shop>' });
});
afterAll(() => t?.close());

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const db = () => t.app.store.db;
/** A customer writes on the API channel; returns the conversation id. */
async function customerWrites(customer: string, text = 'Where is my order?', extra: Record<string, unknown> = {}) {
  expect((await deliver(t, w, buildInbound({ from: { id: customer, name: customer }, text, ...extra }))).status).toBe(200);
  await drain();
  const c = await db()
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
    .select('conversations.id')
    .where('identities.external_id', '=', customer)
    .where('conversations.workspace_id', '=', w.workspaceId)
    .orderBy('conversations.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return c.id;
}
const setStatus = (id: string, status: string) => t.req('POST', `/api/v1/conversations/${id}/status`, { token: w.token, body: { status } });
const surveysOf = (convId: string) => db().selectFrom('surveys').selectAll().where('conversation_id', '=', convId).orderBy('created_at').execute();
const form = (path: string, fields: Record<string, string>) =>
  Promise.resolve(
    t.http.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
  );

describe(`surveys after resolution (${testDialect})`, () => {
  it('settings: off by default; admins set them; bad values are refused field by field; agents may not', async () => {
    const r0 = await t.req('GET', '/api/v1/survey-settings', { token: w.token });
    expect(await r0.json()).toEqual({ kind: 'off', delayMinutes: 60, channels: {}, question: null, linkTtlDays: 7 });
    const bad = await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'stars', delayMinutes: -1 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['delayMinutes', 'kind']);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('PUT', '/api/v1/survey-settings', { token: agent.token, body: { kind: 'csat' } })).status).toBe(403);
    const ok = await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'csat', delayMinutes: 10, question: 'How did <we> do?' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ kind: 'csat', delayMinutes: 10, linkTtlDays: 7 });
  });

  it('resolving schedules a durable job; after the delay the customer gets a signed link by an automation; the page takes one answer', async () => {
    const conv = await customerWrites('cust-a');
    expect((await setStatus(conv, 'resolved')).status).toBe(200);
    const [s] = await surveysOf(conv);
    expect(s).toMatchObject({ status: 'scheduled', kind: 'csat', send_at: clock + 10 * MIN });
    const job = await db().selectFrom('jobs').selectAll().where('name', '=', 'survey.send').where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(job.run_at).toBe(clock + 10 * MIN);

    await runDueJobs(t.app); // not due yet
    expect((await surveysOf(conv))[0]!.status).toBe('scheduled');
    clock += 10 * MIN;
    await runDueJobs(t.app);
    const [sent] = await surveysOf(conv);
    expect(sent).toMatchObject({ status: 'sent', delivery: 'link', expires_at: clock + 7 * 86_400_000 });
    const msg = await db().selectFrom('messages').selectAll().where('id', '=', sent!.message_id!).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ direction: 'out', author_kind: 'automation', visibility: 'private' });
    const token = surveyToken(t.config.secretKey, sent!.id);
    expect(msg.body).toBe(`How did <we> do?\nhttps://care.example.com/s/${token}`);
    // the conversation stays resolved: asking is not answering
    expect((await db().selectFrom('conversations').select('status').where('id', '=', conv).executeTakeFirstOrThrow()).status).toBe('resolved');

    const page = await t.http.request(`/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('How did &lt;we&gt; do?');
    expect(html).toContain('Acme &lt;Shop&gt;');
    expect(html).not.toContain('<we>');
    expect(html.match(/type="radio"/g)).toHaveLength(3);

    const pre = await (await t.http.request(`/s/${token}?score=2`)).text();
    expect(pre).toMatch(/value="2"[^>]*checked/);
    expect(pre).not.toMatch(/value="3"[^>]*checked/);
    const noScore = await form(`/s/${token}`, { comment: 'hm' });
    expect(noScore.status).toBe(400);
    expect(await noScore.text()).toContain('Please choose one of the answers.');
    const outOfRange = await form(`/s/${token}`, { score: '7' });
    expect(outOfRange.status).toBe(400);

    const answered = await form(`/s/${token}`, { score: '3', comment: 'Quick and kind <3' });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Thank you!');
    const again = await form(`/s/${token}`, { score: '1' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already been answered');
    expect((await t.http.request(`/s/${token}`)).status).toBe(409);

    const [done] = await surveysOf(conv);
    expect(done).toMatchObject({ status: 'answered', score: 3, comment: 'Quick and kind <3', answered_via: 'page' });
    const ev = await db().selectFrom('events').selectAll().where('conversation_id', '=', conv).where('type', '=', 'survey.answered').execute();
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.data)).toMatchObject({ surveyId: done!.id, kind: 'csat', score: 3, via: 'page' });

    const api = await (await t.req('GET', `/api/v1/conversations/${conv}`, { token: w.token })).json();
    expect(api.surveys).toEqual([
      expect.objectContaining({ id: done!.id, status: 'answered', score: 3, band: 'happy', comment: 'Quick and kind <3', wow: false }),
    ]);
  });

  it('a forged or altered token is a polite 404; an expired link is refused politely', async () => {
    expect((await t.http.request('/s/nonsense')).status).toBe(404);
    const conv = await customerWrites('cust-exp');
    await setStatus(conv, 'resolved');
    clock += 10 * MIN;
    await runDueJobs(t.app);
    const [s] = await surveysOf(conv);
    const token = surveyToken(t.config.secretKey, s!.id);
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const r = await t.http.request(`/s/${forged}`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('Link not found');
    expect((await form(`/s/${forged}`, { score: '3' })).status).toBe(404);
    clock += 7 * 86_400_000 + 1;
    const late = await t.http.request(`/s/${token}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This link has expired');
    expect((await form(`/s/${token}`, { score: '3' })).status).toBe(410);
    expect((await surveysOf(conv))[0]!.status).toBe('sent');
  });

  it('a reopen before the job fires cancels the survey; the next resolution gets its own', async () => {
    const conv = await customerWrites('cust-b');
    await setStatus(conv, 'resolved');
    clock += MIN;
    await customerWrites('cust-b', 'one more thing'); // reopens
    clock += 10 * MIN;
    await runDueJobs(t.app);
    const [first] = await surveysOf(conv);
    expect(first).toMatchObject({ status: 'cancelled' });
    expect(first!.message_id).toBeNull();
    await setStatus(conv, 'resolved');
    clock += 10 * MIN;
    await runDueJobs(t.app);
    const list = await surveysOf(conv);
    expect(list.map((s) => s.status)).toEqual(['cancelled', 'sent']);
  });

  it('public conversations and channels turned off are never surveyed', async () => {
    const pub = await customerWrites('cust-pub', 'nice post', { conversation: { kind: 'comment', item_id: 'post-1' } });
    await setStatus(pub, 'resolved');
    expect(await surveysOf(pub)).toEqual([]);
    await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'csat', delayMinutes: 10, channels: { [w.channelId]: false } } });
    const conv = await customerWrites('cust-off');
    await setStatus(conv, 'resolved');
    expect(await surveysOf(conv)).toEqual([]);
  });

  it('NPS and CES pages show their scales; agents give a wow only to answered CSAT; other workspaces see 404', async () => {
    await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'nps', delayMinutes: 0 } });
    const conv = await customerWrites('cust-nps');
    await setStatus(conv, 'resolved');
    await runDueJobs(t.app);
    const [s] = await surveysOf(conv);
    const html = await (await t.http.request(`/s/${surveyToken(t.config.secretKey, s!.id)}`)).text();
    expect(html.match(/type="radio"/g)).toHaveLength(11);
    expect((await form(`/s/${surveyToken(t.config.secretKey, s!.id)}`, { score: '10' })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/surveys/${s!.id}/wow`, { token: w.token, body: { wow: true } })).status).toBe(409);

    const csat = await db()
      .selectFrom('surveys')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('kind', '=', 'csat')
      .where('status', '=', 'answered')
      .executeTakeFirstOrThrow();
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('POST', `/api/v1/surveys/${csat.id}/wow`, { token: viewer.token, body: { wow: true } })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/surveys/${csat.id}/wow`, { token: w.token, body: { wow: 'yes' } })).status).toBe(400);
    const wow = await t.req('POST', `/api/v1/surveys/${csat.id}/wow`, { token: w.token, body: { wow: true } });
    expect(await wow.json()).toMatchObject({ id: csat.id, wow: true, wowBy: w.ownerId });

    const other = await buildWorkspace(t, { name: 'Other' });
    expect((await t.req('POST', `/api/v1/surveys/${csat.id}/wow`, { token: other.token, body: { wow: true } })).status).toBe(404);
    expect((await t.req('GET', `/api/v1/conversations/${conv}/surveys`, { token: other.token })).status).toBe(404);
    expect((await (await t.req('GET', '/api/v1/surveys', { token: other.token })).json()).surveys).toEqual([]);
    const mine = await (await t.req('GET', '/api/v1/surveys?kind=csat', { token: w.token })).json();
    expect(mine.surveys).toEqual([expect.objectContaining({ id: csat.id, wow: true })]);
  });

  it('the metrics count the answers: CSAT, NPS, and the survey message is not a response', async () => {
    const m = await (await t.req('GET', '/api/v1/metrics?from=2020-01-01&to=2030-12-31&tz=UTC', { token: w.token })).json();
    expect(m.total.metrics).toMatchObject({
      csatAnswers: 1,
      csat: 1,
      csatHappy: 1,
      csatUnhappy: 0,
      npsAnswers: 1,
      nps: 100,
      npsPromoters: 1,
      cesAnswers: 0,
      cesMean: null,
    });
    // no human ever replied in this file: the automation's survey messages answered nobody
    expect(m.total.metrics.answered).toBe(0);
    const bad = await t.req('GET', '/api/v1/metrics?by=stars', { token: w.token });
    expect(bad.status).toBe(400);
  });
});
