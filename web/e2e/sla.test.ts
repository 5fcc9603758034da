import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`SLA and auto-replies in the browser (${testDialect})`, () => {
  it('an admin sets an SLA policy; the queue shows a breached badge and sorts by SLA due', async () => {
    // Sam has waited two hours, Fay just wrote; an email is covered by no policy.
    expect((await s.inbound({ from: { id: 'sla-sam', name: 'Sam Slow' }, text: 'Hello? Anyone there?', timestamp: Date.now() - 2 * 3_600_000 })).status).toBe(
      200,
    );
    expect((await s.inbound({ from: { id: 'sla-fay', name: 'Fay Fresh' }, text: 'Quick question about sizes' })).status).toBe(200);
    expect((await s.inbound({ from: { id: 'sla-eve', name: 'Eve Email' }, text: 'Invoice copy please', conversation: { kind: 'email' } })).status).toBe(200);
    const sam = await conversationOf(s, 'Sam Slow');
    await conversationOf(s, 'Fay Fresh');
    await conversationOf(s, 'Eve Email');

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/sla');
    await page.getByText('No SLA policies yet.').waitFor();
    await page.getByRole('button', { name: 'New SLA policy' }).click();
    const form = page.getByRole('form', { name: 'New SLA policy' });
    await form.getByLabel('Name').fill('Messages within 30 minutes');
    await form.getByLabel('DM').check();
    await form.getByLabel('Measured in').selectOption('calendar');
    await form.getByLabel('First response (minutes)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid=sla-policy]', { hasText: 'Messages within 30 minutes' }).getByText('First response: 30 min').waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/sla-settings-${testDialect}.png`, fullPage: true });

    // The new policy starts the clocks of customers already waiting: Sam's is long past due.
    await until(
      async () => (await (await s.t.req('GET', `/api/v1/conversations/${sam}/sla`, { token: s.w.token })).json()).clocks?.[0]?.status === 'breached',
      10_000,
    );

    await page.goto('/inbox/all');
    await page.locator('#sort-filter').selectOption('sla_due');
    const rows = page.locator('[data-testid=queue-row]');
    await rows.first().locator('[data-testid=sla-badge][data-breached=true]').waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/sla-queue-${testDialect}.png` });
    const names = await rows.locator('.row-name').allTextContents();
    expect(names.indexOf('Sam Slow')).toBe(0);
    expect(names.indexOf('Fay Fresh')).toBe(1);
    expect(names.indexOf('Eve Email')).toBeGreaterThan(1);
    expect(await rows.nth(0).getByTestId('sla-badge').textContent()).toBe('SLA breached');
    expect(await rows.nth(1).getByTestId('sla-badge').textContent()).toMatch(/^SLA (29|30) min left$/);
    expect(await rows.filter({ hasText: 'Eve Email' }).getByTestId('sla-badge').count()).toBe(0);
    expect(page.url()).toContain('sort=sla_due');
    // The conversation itself says which promise was broken, above the thread.
    await rows.first().click();
    const breached = page.locator('[data-testid=care-sla][data-status=breached]');
    await breached.waitFor();
    expect(await breached.textContent()).toMatch(/^First response SLA breached at /);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin turns auto-replies on; the next customer gets an automatic acknowledgement, shown as automation', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/auto-replies');
    await page.getByLabel('Send auto-replies').check();
    await page.getByLabel('Acknowledgement').fill('Thanks! We got your message.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/auto-replies-settings-${testDialect}.png`, fullPage: true });
    expect((await s.inbound({ from: { id: 'auto-1', name: 'Ari Auto' }, text: 'Do you ship to Norway?' })).status).toBe(200);
    const id = await conversationOf(s, 'Ari Auto');
    await until(() => s.fake.requests.find((r) => r.body?.message?.text === 'Thanks! We got your message.'), 10_000);
    const conv = await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
    const messages = conv.messages ?? conv.conversation?.messages ?? [];
    expect(messages.filter((m: { authorKind: string }) => m.authorKind === 'automation')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
