import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/** Queue filter chips (in the URL, combined), "Save as view" with its count, and Settings → Tags (colour, merge). */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';
const row = (page: import('playwright-core').Page, name: string) => page.locator('[data-testid=queue-row]', { hasText: name });

async function setUp(name: string, tags: string[], sentiment: string) {
  await s.inbound({ from: { id: `f-${name}`, name }, text: `Hello from ${name}` });
  const id = await conversationOf(s, name);
  if (tags.length) await s.t.req('POST', `/api/v1/conversations/${id}/tags`, { token: s.w.token, body: { add: tags } });
  await s.t.app.store.db.updateTable('conversations').set({ sentiment }).where('id', '=', id).execute();
  return id;
}

describe(`queue filters, saved views and managed tags in a browser (${testDialect})`, () => {
  it('applies two filters, saves them as a view that the sidebar opens and counts, and the URL reproduces them', async () => {
    await setUp('Fay Filter', ['refund'], 'negative');
    await setUp('Gus Glad', ['refund'], 'positive');
    await setUp('Hal Plain', [], 'negative');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    await row(page, 'Hal Plain').waitFor();
    const bar = page.getByRole('group', { name: 'Filters' });
    // keyboard: open "+ Filter", choose Tag, tick #refund
    await bar.getByText('+ Filter').focus();
    await page.keyboard.press('Enter');
    await bar.getByRole('button', { name: 'Tag' }).click();
    await bar.getByRole('checkbox', { name: '#refund' }).check();
    await row(page, 'Hal Plain').waitFor({ state: 'detached' });
    await bar.getByText('+ Filter').click();
    await bar.getByRole('button', { name: 'Sentiment' }).click();
    await bar.getByRole('checkbox', { name: 'Negative' }).check();
    await row(page, 'Gus Glad').waitFor({ state: 'detached' });
    await row(page, 'Fay Filter').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('tag')).toBe('refund');
    expect(url.searchParams.get('sentiment')).toBe('negative');

    await bar.getByRole('button', { name: 'Save as view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as view' });
    await dialog.getByLabel('View name').fill('Angry refunds');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    const link = page.getByRole('link', { name: /Angry refunds/ });
    await link.waitFor();
    await until(async () => (await link.textContent())?.includes('1'));

    await page.goto('/inbox/all');
    await row(page, 'Hal Plain').waitFor();
    await link.click();
    await row(page, 'Fay Filter').waitFor();
    await row(page, 'Hal Plain').waitFor({ state: 'detached' });
    expect(await row(page, 'Gus Glad').count()).toBe(0);

    // a link with the filters reproduces the queue in a fresh page
    const second = await context.newPage();
    await second.goto(`/inbox/all?${url.searchParams.toString()}`);
    await row(second, 'Fay Filter').waitFor();
    expect(await row(second, 'Gus Glad').count()).toBe(0);
    expect(await row(second, 'Hal Plain').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('recolours a tag (chips use it, with readable text) and merges two tags', async () => {
    const a = await setUp('Ivy Invoice', ['billing'], 'neutral');
    const b = await setUp('Jon Jumble', ['billings', 'billing'], 'neutral');
    const c = await setUp('Kim Kind', ['billings'], 'neutral');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/tags');
    const billing = page.locator('[data-testid=tag-row][data-tag=billing]');
    await billing.getByRole('button', { name: 'Add to list' }).click();
    const colour = billing.getByLabel('Colour of billing');
    await colour.waitFor();
    await colour.fill('#ffeb3b');
    await until(async () => {
      const r = await (await s.t.req('GET', '/api/v1/tags', { token: s.w.token })).json();
      return r.tags.find((x: { name: string; color: string }) => x.name === 'billing')?.color === '#ffeb3b';
    });

    const stray = page.locator('[data-testid=tag-row][data-tag=billings]');
    await stray.getByRole('button', { name: 'Merge…' }).click();
    await stray.getByLabel('Merge into').selectOption('billing');
    await stray.getByRole('button', { name: 'Merge…' }).last().click();
    const ask = page.getByRole('alertdialog', { name: 'Merge “billings” into another tag' });
    await ask.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('status').filter({ hasText: 'Merged “billings” into “billing”' }).waitFor();
    await stray.waitFor({ state: 'detached' });
    for (const id of [a, b, c]) {
      const conv = await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
      expect(conv.tags).toEqual(['billing']);
    }

    await page.goto('/inbox/all');
    const chip = row(page, 'Kim Kind').locator('[data-testid=tag-chip][data-tag=billing]');
    await chip.waitFor();
    const style = await chip.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, fg: getComputedStyle(el).color }));
    expect(style).toEqual({ bg: 'rgb(255, 235, 59)', fg: 'rgb(0, 0, 0)' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
