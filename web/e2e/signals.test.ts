import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichPending } from '../../src/enrich/enrich-pending.js';
import { followPriorityEvents } from '../../src/enrich/priority-reactor.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

// Triage signals in the inbox (issue 13): badges with their reasons on hover and focus, the
// built-in "Needs a reply" view with its count, the troll filter, and pinning a priority by hand.
let s: Stack;
beforeAll(async () => {
  s = await startStack();
  // The stack runs no reactor loop: the priority reactor's cursor starts here, and the test runs it.
  await followPriorityEvents(s.t.app);
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const row = (page: import('playwright-core').Page, name: string) => page.locator('[data-testid=queue-row]', { hasText: name });
const api = (method: string, url: string, body?: unknown) => s.t.req(method, url, { token: s.w.token, body });

async function customer(name: string, text: string) {
  expect((await s.inbound({ from: { id: `sig-${name}`, name }, text })).status).toBe(200);
  return conversationOf(s, name);
}

describe(`signals in the inbox (${testDialect})`, () => {
  it('shows badges with reasons, opens "Needs a reply" with its count, filters trolls, pins and releases a priority', async () => {
    const quinn = await customer('Quinn Question', 'Where is my order? I paid two weeks ago and nothing arrived.');
    await customer('Tom Troll', 'u r all idiots lmaooo 🤡🤡🤡 go cry');
    const rita = await customer('Rita Replied', 'Can you tell me your opening hours?');
    while (await enrichPending(s.t.app)) {}
    expect((await api('POST', `/api/v1/conversations/${rita}/replies`, { text: 'Nine to five.' })).status).toBe(201);
    await followPriorityEvents(s.t.app);

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all');
    const q = row(page, 'Quinn Question');
    await q.getByTestId('needs-reply-badge').waitFor();
    const prio = q.getByTestId('priority-badge');
    expect(await prio.textContent()).toBe('High');
    const why = (await prio.getAttribute('title')) ?? '';
    expect(why).toMatch(/^Priority High, score \d+: /);
    expect(why).toContain('question +15');
    expect(why).toContain('needs a reply (question, a dm to the brand) +20');
    expect(await q.getByTestId('intent-badge').getAttribute('title')).toMatch(/^Intent: Question \(\d+ % sure\)$/);
    // Keyboard: the badge takes focus and names its reason.
    await prio.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`High: ${why}`);
    const tom = row(page, 'Tom Troll');
    expect(await tom.getByTestId('troll-badge').textContent()).toMatch(/^Troll 0\.\d$/);
    expect(await tom.getByTestId('needs-reply-badge').count()).toBe(0);
    const answered = row(page, 'Rita Replied');
    expect(await answered.getByTestId('needs-reply-badge').count()).toBe(0);
    // Answered: no waiting, no needs-reply points (question 15 + mild negative 10 = normal).
    expect(await answered.getByTestId('priority-badge').textContent()).toBe('Normal');
    await page.screenshot({ path: `${SHOTS_DIR}/signals-queue-${testDialect}.png` });

    // "Needs a reply": a built-in view with its count, only what waits for an answer.
    const view = page.getByRole('link', { name: /Needs a reply/ });
    await until(async () => (await view.textContent())?.includes('1'));
    await view.click();
    await page.waitForURL(/\/inbox\/needs-reply/);
    await row(page, 'Tom Troll').waitFor({ state: 'detached' });
    await q.waitFor();
    expect(await page.locator('[data-testid=queue-row]').count()).toBe(1);

    // The troll filter: only likely trolls.
    await page.goto('/inbox/all');
    await q.waitFor();
    const bar = page.getByRole('group', { name: 'Filters' });
    await bar.getByText('+ Filter').click();
    await bar.getByRole('button', { name: 'Trolls' }).click();
    await bar.getByRole('radio', { name: 'Only likely trolls' }).check();
    await q.waitFor({ state: 'detached' });
    await tom.waitFor();
    expect(new URL(page.url()).searchParams.get('troll')).toBe('only');

    // Pin by hand, then back to automatic.
    await page.goto(`/inbox/all/${quinn}`);
    const select = page.locator('.conv-head label.field-inline', { hasText: /^Priority/ }).locator('select');
    await until(async () => (await select.locator('option:checked').textContent()) === 'Automatic (High)');
    await page.locator('.conv-head').getByTestId('intent-badge').waitFor();
    await select.selectOption({ label: 'Low' });
    await page.getByTestId('priority-pinned').waitFor();
    expect((await (await api('GET', `/api/v1/conversations/${quinn}`)).json()).signals.priority).toMatchObject({ level: 'low', pinned: true });
    expect(await page.locator('.conv-head').getByTestId('priority-badge').getAttribute('title')).toContain('set by hand');
    await select.selectOption({ value: 'auto' });
    await page.getByTestId('priority-pinned').waitFor({ state: 'detached' });
    const back = (await (await api('GET', `/api/v1/conversations/${quinn}`)).json()).signals.priority;
    expect(back).toMatchObject({ level: 'high', pinned: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
