import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const bodyBackground = (page: import('playwright-core').Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const DARK_BG = 'rgb(15, 19, 24)';
const LIGHT_BG = 'rgb(245, 246, 248)';

describe(`dark mode and the help page (${testDialect})`, () => {
  it('follows the device, can be pinned per member, and survives a reload', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery', { width: 1280, height: 800 }, { colorScheme: 'dark' });
    page.setDefaultTimeout(8000);
    expect(await bodyBackground(page)).toBe(DARK_BG);
    // Text stays readable: the sidebar's ink is light on the dark page.
    const ink = await page.evaluate(() => getComputedStyle(document.querySelector('nav.sidebar')!).color);
    expect(ink).toBe('rgb(228, 232, 238)');

    await page.goto('/settings/profile');
    await page.getByLabel('Theme').selectOption('light');
    await until(async () => (await bodyBackground(page)) === LIGHT_BG);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await (await s.t.req('GET', '/api/v1/me/settings', { token: s.w.token })).json()).appearance).toEqual({ theme: 'light' });
    await page.reload();
    await page.getByLabel('Theme').waitFor();
    expect(await bodyBackground(page)).toBe(LIGHT_BG);

    // Another browser of the same member, on a light device, gets the pinned choice from the server.
    await page.getByLabel('Theme').selectOption('dark');
    await until(async () => (await bodyBackground(page)) === DARK_BG);
    await until(async () => (await (await s.t.req('GET', '/api/v1/me/settings', { token: s.w.token })).json()).appearance.theme === 'dark');
    const other = await signIn(s, s.ownerEmail, 'correct horse battery', { width: 1280, height: 800 }, { colorScheme: 'light' });
    await until(async () => (await bodyBackground(other.page)) === DARK_BG);
    await other.page.goto('/settings/profile');
    await other.page.getByLabel('Theme').selectOption('system');
    await until(async () => (await bodyBackground(other.page)) === LIGHT_BG);
    expect(other.errors).toEqual([]);
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the phone layout inside the screen with the filter bar and long rows', async () => {
    expect((await s.inbound({ from: { id: 'ph-1', name: 'Maximiliane Vandersteenhoven-Oppenheimer' }, text: 'Hallo! '.repeat(40) })).status).toBe(200);
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery', { width: 390, height: 844 });
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]').first().waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      queue: document.querySelector('section.queue')!.getBoundingClientRect().width,
    }));
    expect(widths.queue).toBeLessThanOrEqual(390);
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the guides from the shortcut list, renders them and follows links between them', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto('/inbox/all');
    await page.locator('section.queue').waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('link', { name: 'All help and guides' }).click();
    await page.getByRole('heading', { name: 'Help', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/help');
    await page.getByRole('navigation', { name: 'Guides' }).getByRole('link', { name: 'SLA policies and auto-replies' }).click();
    const doc = page.getByTestId('help-doc');
    await doc.getByRole('heading', { name: 'SLA policies and auto-replies', level: 1 }).waitFor();
    // A link to another guide stays inside the app.
    await doc.getByRole('link', { name: 'business hours' }).first().click();
    await until(() => new URL(page.url()).pathname === '/help/metrics');
    await doc.getByRole('heading', { level: 1 }).waitFor();
    expect(await doc.locator('table').count()).toBeGreaterThan(0);
    // A name that is no guide reads as a sentence, not a blank page.
    await page.goto('/help/not-a-guide');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).not.toMatch(/not_found|undefined/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
