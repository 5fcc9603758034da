import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

// The inbox as an agent lives in it: priorities read as words, resolving moves on however it is
// done, what the screen says after a change is true, and the app asks and explains in its own
// words (issue 20, items 8, 10 and 12).
let s: Stack;
beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const api = (method: string, url: string, body?: unknown) => s.t.req(method, url, { token: s.w.token, body });

async function customer(id: string, name: string, text: string) {
  expect((await s.inbound({ from: { id, name }, text })).status).toBe(200);
  return conversationOf(s, name);
}

describe(`living in the inbox (${testDialect})`, () => {
  it('names priorities (Urgent first), filters "High and above", and sets them by name', async () => {
    const ada = await customer('prio-a', 'Ada Urgent', 'prioritytest one');
    const cy = await customer('prio-c', 'Cy Normal', 'prioritytest three');
    const ben = await customer('prio-b', 'Ben High', 'prioritytest two');
    // the numbers of the first API version still work: 4 is the most urgent
    for (const [id, n] of [
      [ada, 4],
      [ben, 3],
      [cy, 2],
    ] as const)
      expect((await api('PATCH', `/api/v1/conversations/${id}`, { priority: n })).status).toBe(200);

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all?sort=priority&q=prioritytest');
    const rows = page.locator('[data-testid=queue-row]');
    await rows.nth(2).waitFor();
    expect(await rows.locator('.row-name').allTextContents()).toEqual(['Ada Urgent', 'Ben High', 'Cy Normal']);
    expect(await rows.getByTestId('priority-badge').allTextContents()).toEqual(['Urgent', 'High', 'Normal']);
    expect(await page.locator('.queue').textContent()).not.toMatch(/\bP[0-4]\b/);
    await page.screenshot({ path: `${SHOTS_DIR}/queue-priorities-${testDialect}.png` });

    await page.locator('#priority-filter').selectOption({ label: 'High and above' });
    await until(async () => (await rows.count()) === 2);
    expect(await rows.locator('.row-name').allTextContents()).toEqual(['Ada Urgent', 'Ben High']);

    await rows.first().click();
    const select = page.locator('.conv-head label.field-inline', { hasText: /^Priority/ }).locator('select');
    expect(await select.locator('option:checked').textContent()).toBe('Urgent');
    await select.selectOption({ label: 'Low' });
    await until(async () => (await (await api('GET', `/api/v1/conversations/${ada}`)).json()).priority === 'low');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Send and resolve" moves on to the next conversation, like e', async () => {
    await customer('flow-1', 'Fay Flow', 'flowtest first');
    await customer('flow-2', 'Gus Flow', 'flowtest second');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all?q=flowtest');
    const rows = page.locator('[data-testid=queue-row]');
    await rows.nth(1).waitFor();
    await rows.first().click();
    await page.waitForURL(/\/inbox\/all\/[^/?]+/);
    const first = new URL(page.url()).pathname;
    await page.getByRole('textbox', { name: /private message/i }).fill('All sorted, have a good day!');
    await page.getByRole('button', { name: 'Send and resolve' }).click();
    await page.waitForURL((u) => u.pathname !== first && /\/inbox\/all\/[^/]+$/.test(u.pathname));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after resolving, the contact panel says Resolved; after the customer reopens only the current resolution clock shows', async () => {
    expect(
      (await api('POST', '/api/v1/sla-policies', { name: 'Resolve within a day', timeMode: 'calendar', targets: { resolutionMinutes: 1440 } })).status,
    ).toBe(201);
    const ivy = await customer('flow-ivy', 'Ivy Alone', 'ivyonly please help');
    await until(
      async () => (await (await api('GET', `/api/v1/conversations/${ivy}/sla`)).json()).clocks?.some((k: { target: string }) => k.target === 'resolution'),
      10_000,
    );
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto(`/inbox/all/${ivy}?q=ivyonly`);
    const current = page.locator('.contact-panel .history li.current .status-pill');
    expect(await current.textContent()).toBe('Open');
    await page.locator('.conv-head button.resolve').click();
    await page.locator('.conv-head .status-pill', { hasText: 'Resolved' }).waitFor();
    await current.filter({ hasText: 'Resolved' }).waitFor({ timeout: 3000 });

    // Ivy writes again: the conversation reopens and a new cycle starts its own resolution clock;
    // the first one was met
    expect((await s.inbound({ from: { id: 'flow-ivy', name: 'Ivy Alone' }, text: 'ivyonly one more thing' })).status).toBe(200);
    await page.locator('.conv-head .status-pill', { hasText: 'Open' }).waitFor();
    await until(async () => {
      const clocks = (await (await api('GET', `/api/v1/conversations/${ivy}/sla`)).json()).clocks as Array<{ target: string; status: string }>;
      const res = clocks.filter((k) => k.target === 'resolution');
      return res.length === 2 && res.some((k) => k.status === 'met') && res.some((k) => k.status === 'running');
    }, 10_000);
    await page.reload();
    const chips = page.locator('[data-testid=care-sla]', { hasText: 'Resolution' });
    await chips.first().waitFor();
    expect(await chips.allTextContents()).toEqual([expect.stringMatching(/^Resolution due /)]);
    await page.screenshot({ path: `${SHOTS_DIR}/reopened-care-strip-${testDialect}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('bulk "Add tag" keeps the selection', async () => {
    await customer('bulk-1', 'Bo Bulk', 'bulktest one');
    await customer('bulk-2', 'Bea Bulk', 'bulktest two');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all?q=bulktest');
    const rows = page.locator('[data-testid=queue-row]');
    await rows.nth(1).waitFor();
    for (const name of ['Bo Bulk', 'Bea Bulk']) await page.getByLabel(`Select conversation with ${name}`).check();
    await page.locator('#bulk-tag').fill('vip');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('status').filter({ hasText: '2 updated' }).waitFor();
    await rows.first().locator('.chip.tag', { hasText: '#vip' }).waitFor();
    for (const name of ['Bo Bulk', 'Bea Bulk']) expect(await page.getByLabel(`Select conversation with ${name}`).isChecked()).toBe(true);
    expect(await page.getByRole('toolbar', { name: '2 selected' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks in the app's own dialog, and explains a refusal in a sentence", async () => {
    const id = await customer('dlg-1', 'Dot Dialog', 'dialogtest');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    const native: string[] = [];
    page.on('dialog', (d) => {
      native.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto('/inbox/all?q=dialogtest');
    await page.getByRole('button', { name: 'Save this view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view' });
    await dialog.waitFor();
    await dialog.getByLabel('Name of the view').fill('Dialog things');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('link', { name: 'Dialog things' }).waitFor();
    expect(await dialog.count()).toBe(0);

    // A refused change says what happened as a sentence, not the API's developer text.
    await page.route('**/api/v1/conversations/*/tags', (route) =>
      route.fulfill({ status: 403, json: { error: { code: 'forbidden', message: 'your role does not allow this' } } }),
    );
    await page.goto(`/inbox/all/${id}`);
    await page.getByLabel('Add a tag').fill('urgent-ish');
    await page.getByLabel('Add a tag').press('Enter');
    const failure = page.getByTestId('conv-failure');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('Your role does not allow this.');
    expect(await failure.textContent()).not.toContain('your role does not allow this');
    expect(native).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an empty Mine points at a growing Unassigned pile; a bad conversation id says so, with a way back', async () => {
    await customer('mine-1', 'Mo Waiting', 'nobody took me');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/mine');
    const empty = page.getByTestId('queue-empty');
    await empty.getByText('Nothing is assigned to you.').waitFor();
    expect(await empty.textContent()).toMatch(/\d+ unassigned conversations are waiting/);
    expect(await empty.textContent()).not.toContain('Nicely done');
    await empty.getByRole('link', { name: 'Open Unassigned' }).click();
    await page.waitForURL(/\/inbox\/unassigned$/);
    await page.locator('[data-testid=queue-row]', { hasText: 'Mo Waiting' }).waitFor();

    await page.goto('/inbox/all/no-such-conversation');
    const missing = page.getByTestId('conversation-missing');
    await missing.getByText('This conversation does not exist or you cannot see it.').waitFor();
    expect(await missing.textContent()).not.toContain('Something went wrong');
    await missing.getByRole('button', { name: 'Back to the queue' }).click();
    await page.waitForURL(/\/inbox\/all$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
