import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonFixture, startFakeNetwork, type FakeNetwork } from '../../src/listening/sources/fake-network.js';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
let net: FakeNetwork;
beforeAll(async () => {
  s = await startStack();
  net = await startFakeNetwork();
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await net?.close();
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const api = async (method: string, url: string, body?: unknown) => {
  const res = await s.t.req(method, url, { token: s.w.token, body });
  return res.json();
};

describe(`listening screen in a browser (${testDialect})`, () => {
  it('edits a query with live parse errors and preview, engages a mention from the feed, and marks one irrelevant', async () => {
    const fx = jsonFixture('x/fixtures/search-recent.json');
    net.state.x.tweets = fx.data;
    net.state.x.users = fx.includes.users;
    const src = await api('POST', '/api/v1/listening/sources', {
      kind: 'x',
      name: 'X search',
      settings: { query: 'acme', baseUrl: net.url },
      secrets: { bearerToken: net.state.x.bearer },
    });
    await api('POST', `/api/v1/listening/sources/${src.id}/poll`); // posts stored for the preview

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.getByRole('link', { name: 'Listening' }).click();
    await page.getByRole('link', { name: 'Queries' }).click();
    await page.getByRole('button', { name: 'New query' }).click();
    await page.getByLabel('Name').fill('Acme');
    const box = page.getByRole('textbox', { name: 'Query' });
    await box.fill('acme AND (');
    await page
      .getByTestId('parse-error')
      .getByText(/at position 10: expected/)
      .waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/listening-query-error-${testDialect}.png` });
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await box.fill('acme -kettle');
    await page.getByTestId('preview').getByText("@friend has anyone else's Acme order been stuck for weeks?", { exact: false }).waitFor();
    await page.getByTestId('preview').getByText('1 of the last 2 posts match').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('listening-query').getByText('Precision —').waitFor();

    // a keyword alert, set up in the Alerts tab
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'New alert rule' }).click();
    await page.getByLabel('Name').fill('Late orders');
    await page.getByLabel('Keyword (query syntax)').fill('late OR delay*');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('alert-rule').getByText('Late orders').waitFor();

    // a new post arrives at the source and is polled from the Sources tab
    net.state.x.tweets = [
      { id: '1859211134567890999', text: 'Acme, my order is late again. Where is it?', author_id: '783214', created_at: new Date().toISOString(), lang: 'en' },
      ...fx.data,
    ];
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByTestId('listening-source').getByText('X search').waitFor();
    await page.getByRole('button', { name: 'Fetch now' }).click();
    await page.getByTestId('listening-source').getByText('3 posts stored').waitFor();

    // the alert rules are checked (the scheduler does it after each poll): the alert links the post
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'Check now' }).click();
    const alert = page.getByTestId('listening-alert').filter({ hasText: 'Late orders: 1 new mention matching' });
    await alert.getByRole('link', { name: 'Acme, my order is late again. Where is it?' }).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/listening-alerts-${testDialect}.png` });
    await alert.getByRole('button', { name: 'Mark read' }).click();
    await alert.getByRole('button', { name: 'Mark read' }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Mentions' }).click();
    const late = page.getByTestId('mention').filter({ hasText: 'my order is late again' });
    await late.getByTestId('suggestion').getByText('engage').waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/listening-${testDialect}.png` });
    await late.getByRole('button', { name: 'Engage' }).click();
    // the feed shows new mentions by default: the engaged one leaves it, and is found under "engaged"
    await late.waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('engaged');
    const engaged = page.getByTestId('mention').filter({ hasText: 'my order is late again' });
    await engaged.getByTestId('mention-status').getByText('engaged').waitFor();
    await engaged.getByRole('link', { name: 'Open conversation' }).click();
    await page.locator('[data-testid=message]', { hasText: 'Acme, my order is late again. Where is it?' }).waitFor();

    await page.goto('/listening/mentions');
    const other = page.getByTestId('mention').filter({ hasText: 'stuck for weeks' });
    await other.getByRole('button', { name: 'Irrelevant' }).click();
    await other.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Queries' }).click();
    await page.getByTestId('precision').getByText('Precision 50%').waitFor();
    const conv = await until(async () => (await api('GET', '/api/v1/conversations?kind=mention')).conversations[0]);
    expect(conv.kind).toBe('mention');

    // links stored before intake checked them (anything a feed's author typed) must not blank the
    // feed: the post shows, without a link
    await s.t.app.store.db.updateTable('listening_posts').set({ url: 'news.example.com/no-scheme' }).execute();
    await page.goto('/listening/mentions');
    await page.getByLabel('Status').selectOption('engaged');
    const kept = page.getByTestId('mention').filter({ hasText: 'my order is late again' });
    await kept.waitFor();
    expect(await kept.locator('a[target=_blank]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
