import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyToken } from '../../src/surveys/token.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
const PASSWORD = 'correct horse battery';

/** Seeds three customer conversations: tags, a human reply, resolutions, and one CSAT answer through the hosted page. */
async function seed() {
  const api = (method: string, path: string, body?: unknown) => s.t.req(method, `/api/v1${path}`, { token: s.w.token, body });
  expect((await api('PUT', '/survey-settings', { kind: 'csat', delayMinutes: 0 })).status).toBe(200);
  const people = [
    ['Rita Report', 'The parcel arrived damaged', ['shipping']],
    ['Sam Sortable', 'Where is my refund?', ['billing']],
    ['Tom Tables', 'Tracking number please', ['shipping']],
  ] as const;
  const ids: string[] = [];
  for (const [name, text, tags] of people) {
    await s.inbound({ from: { id: `id-${name}`, name }, text });
    const id = await conversationOf(s, name);
    ids.push(id);
    expect((await api('POST', `/conversations/${id}/tags`, { add: tags })).status).toBe(200);
  }
  expect((await api('POST', `/conversations/${ids[0]}/replies`, { text: 'So sorry! A new one is on its way.', thenStatus: 'resolved' })).status).toBe(201);
  const survey = await until(() =>
    s.t.app.store.db.selectFrom('surveys').selectAll().where('conversation_id', '=', ids[0]!).where('status', '=', 'sent').executeTakeFirst(),
  );
  const answer = await fetch(`${s.url}/s/${surveyToken(s.t.config.secretKey, survey.id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'score=3&comment=Lovely+service',
  });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  await seed();
});
afterAll(async () => {
  await s?.close();
});

describe.sequential(`reports dashboard in a browser (${testDialect})`, () => {
  it('is loaded only when opened; draws the charts; sorts a table; downloads its CSV; wows feedback', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const inboxScripts = scripts.length;
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    // the charts came in a chunk of their own, fetched when the route opened
    expect(scripts.length).toBeGreaterThan(inboxScripts);

    for (const id of ['volume', 'first-response', 'csat', 'sentiment']) {
      const fig = page.getByTestId(`chart-${id}`);
      await fig.locator('canvas').waitFor();
      expect(Number(await fig.getAttribute('data-points'))).toBeGreaterThan(0);
      const box = await fig.locator('canvas').boundingBox();
      expect(box!.width).toBeGreaterThan(100);
    }
    await expect.poll(() => page.getByTestId('kpi-csat').textContent()).toContain('100.0 %');
    await page.screenshot({ path: `${SHOTS_DIR}/reports-top-${testDialect}.png` });
    await expect.poll(() => page.getByTestId('kpi-conversations').textContent()).toContain('3');

    const tags = page.getByTestId('table-tag');
    const names = () => tags.locator('tbody th').allTextContents();
    await until(async () => (await names()).length === 2);
    expect(await names()).toEqual(['shipping', 'billing']); // by conversations, most first
    await tags.getByRole('button', { name: 'Sort by Name' }).click();
    expect(await names()).toEqual(['billing', 'shipping']);
    expect(await tags.locator('th[aria-sort=ascending]').count()).toBe(1);
    await tags.getByRole('button', { name: 'Sort by Name' }).click();
    expect(await names()).toEqual(['shipping', 'billing']);
    await tags.getByRole('button', { name: 'Sort by Response rate' }).click();
    expect(await names()).toEqual(['shipping', 'billing']); // 50 % before 0 %

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-tag').click()]);
    expect(download.suggestedFilename()).toMatch(/^hearken-metrics-tag-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]!.startsWith('Tag id,Tag,Inbound messages')).toBe(true);
    expect(csv[0]).toContain('First response median (minutes)');
    const col = csv[0]!.split(',').indexOf('Customer cycles');
    expect(csv.slice(1, 3).map((l) => [l.split(',')[0], l.split(',')[col]])).toEqual([
      ['billing', '1'],
      ['shipping', '2'],
    ]);

    const feedback = page.getByTestId('feedback');
    await feedback.getByText('Lovely service').waitFor();
    await feedback.getByRole('button', { name: /Wow/ }).click();
    await feedback.getByRole('button', { name: /Remove wow/ }).waitFor();
    const row = await s.t.app.store.db.selectFrom('surveys').select('wow').where('status', '=', 'answered').executeTakeFirstOrThrow();
    expect(row.wow).toBe(1);

    await page.screenshot({ path: `${SHOTS_DIR}/reports-${testDialect}.png`, fullPage: true });
    // The answer, its comment and the wow also show in the conversation it rates.
    await page.goto(`/inbox/all/${await conversationOf(s, 'Rita Report')}`);
    const answer = page.getByTestId('care-survey');
    await answer.waitFor();
    expect(await answer.textContent()).toBe('CSAT: happy · wow — “Lovely service”');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the hosted rating page works on a phone: three faces, a comment, a thank-you, then "already answered"', async () => {
    await s.inbound({ from: { id: 'id-phone', name: 'Pia Phone' }, text: 'Can I change my address?' });
    const id = await conversationOf(s, 'Pia Phone');
    expect((await s.t.req('POST', `/api/v1/conversations/${id}/status`, { token: s.w.token, body: { status: 'resolved' } })).status).toBe(200);
    const survey = await until(() =>
      s.t.app.store.db.selectFrom('surveys').selectAll().where('conversation_id', '=', id).where('status', '=', 'sent').executeTakeFirst(),
    );
    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const link = `${s.url}/s/${surveyToken(s.t.config.secretKey, survey.id)}`;
    await page.goto(link);
    await page.getByRole('heading', { name: 'How would you rate the help you received?' }).waitFor();
    const faces = page.locator('.scale label');
    expect(await faces.count()).toBe(3);
    expect((await faces.first().boundingBox())!.height).toBeGreaterThanOrEqual(44); // a finger-sized target
    await page.screenshot({ path: `${SHOTS_DIR}/survey-phone-${testDialect}.png` });
    await page.getByText('Okay').click();
    await page.getByLabel(/Anything you would like to add/).fill('Fine, but slow');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Already answered' }).waitFor();
    expect(await s.t.app.store.db.selectFrom('surveys').select(['score', 'comment']).where('id', '=', survey.id).executeTakeFirstOrThrow()).toEqual({
      score: 2,
      comment: 'Fine, but slow',
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the settings tab saves survey settings and sends the report now (with no mail server: the reason is shown)', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/reports/settings');
    const form = page.getByTestId('survey-form');
    await form.getByLabel('Survey', { exact: true }).selectOption('nps', { timeout: 5000 });
    await form.getByRole('button', { name: 'Save survey settings' }).click();
    await form.getByText('Saved.').waitFor({ timeout: 5000 });
    expect((await (await s.t.req('GET', '/api/v1/survey-settings', { token: s.w.token })).json()).kind).toBe('nps');
    const sched = page.getByTestId('schedule-form');
    await sched.getByLabel(/Recipients/).fill('lead@example.com', { timeout: 5000 });
    await sched.getByRole('button', { name: 'Send now' }).click();
    await sched.getByText(/HEARKEN_SMTP_URL/).waitFor({ timeout: 5000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
