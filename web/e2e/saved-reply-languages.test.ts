import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/** Saved replies in several languages (issue 13): written in settings, inserted by the composer in the customer's language. */
let s: Stack;
let stopEnrich: (() => Promise<void>) | undefined;
beforeAll(async () => {
  s = await startStack();
  // Triage gives the conversation its language, as `npm start` runs it beside intake and jobs.
  stopEnrich = startEnrichWorker(s.t.app);
});
afterAll(async () => {
  await stopEnrich?.();
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const VI = 'Chào {{contact.first_name}}, đơn hàng của bạn đang trên đường giao.';

describe(`saved replies in several languages in the browser (${testDialect})`, { timeout: 90_000 }, () => {
  it('a Vietnamese translation added in settings is what the composer inserts in a Vietnamese conversation', async () => {
    const created = await s.t.req('POST', '/api/v1/saved-replies', {
      token: s.w.token,
      body: { name: 'Order on its way', body: 'Hi {{contact.first_name}}, your order is on its way.' },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await s.inbound({
          from: { id: 'vi-1', name: 'Lan Nguyen' },
          text: 'Chào shop, đơn hàng của tôi bị giao trễ ba ngày rồi, khi nào tôi nhận được hàng ạ?',
        })
      ).status,
    ).toBe(200);
    const id = await conversationOf(s, 'Lan Nguyen');
    await until(async () => (await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json()).language === 'vi', 15_000);

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD, { width: 1440, height: 900 });
    await page.goto('/settings/saved-replies');
    const item = page.locator('.saved-list li', { hasText: 'Order on its way' });
    await item.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Add a language' }).click();
    await page.getByRole('combobox', { name: 'Language code' }).fill('vi');
    await page.getByRole('textbox', { name: 'Text in Vietnamese (vi)' }).fill(VI);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // The list shows the reply's languages as chips.
    await item.locator('.lang-chips').getByText('vi', { exact: true }).waitFor();
    const stored = (await (await s.t.req('GET', '/api/v1/saved-replies', { token: s.w.token })).json()).savedReplies;
    expect(stored[0].translations).toEqual([{ language: 'vi', body: VI }]);

    await page.goto(`/inbox/all/${id}`);
    const box = page.getByRole('textbox', { name: /message to the customer/i });
    await box.waitFor();
    await page.getByRole('button', { name: 'Saved replies' }).click();
    await page.getByRole('option').filter({ hasText: 'Order on its way' }).getByRole('button').click();
    expect(await box.inputValue()).toBe('Chào Lan, đơn hàng của bạn đang trên đường giao.');
    const label = page.getByTestId('saved-reply-language');
    await label.getByText('Inserted: Vietnamese (vi)').waitFor();
    // Another language on demand: the main text replaces the Vietnamese one, and back.
    const other = label.getByRole('combobox', { name: 'Insert another language' });
    await other.selectOption({ label: 'main text' });
    expect(await box.inputValue()).toBe('Hi Lan, your order is on its way.');
    await other.selectOption({ label: 'Vietnamese (vi)' });
    expect(await box.inputValue()).toBe('Chào Lan, đơn hàng của bạn đang trên đường giao.');

    await page.getByRole('button', { name: 'Send privately' }).click();
    await page.locator('[data-testid=message]', { hasText: 'đơn hàng của bạn đang trên đường giao' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
