import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

describe(`working together, live (${testDialect})`, () => {
  it('two agents on one conversation see each other, and the second sender is warned', async () => {
    await s.inbound({ from: { id: 'two-1', name: 'Tomas Two' }, text: 'Can someone help me with my refund?' });
    const id = await conversationOf(s, 'Tomas Two');
    const ana = await s.member('agent', 'Ana Agent');
    const ben = await s.member('agent', 'Ben Agent');
    const a = await signIn(s, ana.email, ana.password);
    const b = await signIn(s, ben.email, ben.password);
    await a.page.goto(`/inbox/all/${id}`);
    await b.page.goto(`/inbox/all/${id}`);
    await a.page.getByTestId('presence').filter({ hasText: 'Ben Agent' }).waitFor();
    await b.page.getByTestId('presence').filter({ hasText: 'Ana Agent' }).waitFor();

    // Ben starts typing: Ana sees it
    await b.page.getByRole('textbox', { name: /private message/i }).fill('Hi Tomas, let me check');
    await a.page.getByTestId('presence').filter({ hasText: 'typing' }).waitFor();

    // Ana answers first
    await a.page.getByRole('textbox', { name: /private message/i }).fill('Hi Tomas, your refund is on its way.');
    await a.page.getByRole('button', { name: 'Send privately' }).click();
    await until(() => s.fake.requests.find((r) => r.body?.message?.text?.includes('refund is on its way')));

    // Ben, who opened the conversation before Ana replied, is warned and may still send
    await b.page.getByRole('button', { name: 'Send privately' }).click();
    const warning = b.page.getByTestId('conflict-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Ana Agent');
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await until(() => s.fake.requests.find((r) => r.body?.message?.text?.includes('let me check')));
    await warning.waitFor({ state: 'detached' });
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('shows the messages that arrived while the realtime connection was down', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    await page.goto('/inbox/all');
    await page.locator('.live-dot.live').waitFor();
    s.dropStream();
    await page.locator('.live-dot.reconnecting').waitFor();
    await s.inbound({ from: { id: 'gap-1', name: 'Gina Gap' }, text: 'Sent while you were offline (1)' });
    await s.inbound({ from: { id: 'gap-2', name: 'Gus Gap' }, text: 'Sent while you were offline (2)' });
    await conversationOf(s, 'Gus Gap');
    await page.waitForTimeout(300);
    expect(await page.getByText('Sent while you were offline (1)').count()).toBe(0);
    s.restoreStream();
    await page.locator('.live-dot.live').waitFor({ timeout: 15_000 });
    await page.getByText('Sent while you were offline (1)').waitFor();
    await page.getByText('Sent while you were offline (2)').waitFor();
    // and the stream is live again
    await s.inbound({ from: { id: 'gap-3', name: 'Gwen Gap' }, text: 'Back online' });
    await page.getByText('Back online').waitFor({ timeout: 2000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
