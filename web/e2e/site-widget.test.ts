import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, startStack, until, type Stack } from './harness.js';

let s: Stack;
let brand: Server;
let brandUrl: string;
let key: string;

let html = '';

beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  // The brand's own site, on another origin ("localhost" vs Hearken's 127.0.0.1), with the snippet pasted as the docs say.
  brand = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => brand.listen(0, '127.0.0.1', () => resolve()));
  brandUrl = `http://localhost:${(brand.address() as AddressInfo).port}`;
  const res = await s.t.req('POST', '/api/v1/channels', {
    token: s.w.token,
    body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: [brandUrl], title: 'Ask the shop', color: '#0b7285' } },
  });
  expect(res.status).toBe(201);
  key = (await res.json()).id;
  html = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Kettles &amp; more</h1>
<script src="${s.url}/widget.js" data-hearken-chat="${key}" async></script></body></html>`;
});
afterAll(async () => {
  brand?.closeAllConnections();
  await new Promise<void>((resolve) => (brand ? brand.close(() => resolve()) : resolve()));
  await s?.close();
});

describe(`site chat widget in a browser (${testDialect})`, () => {
  it('a visitor writes from the brand page, an agent answers through the API, the visitor sees it; the chat survives a reload', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(brandUrl);
    await page.getByRole('button', { name: 'Ask the shop' }).click();
    await page.getByLabel('Your name').fill('Wanda Widget');
    await page.getByLabel('Your email').fill('wanda@example.com');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Is the copper kettle <b>in stock</b>?');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');

    // the message arrives in the inbox through intake, as from any network
    const id = await conversationOf(s, 'Wanda Widget', 8000);
    const conv = await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
    expect(conv.kind).toBe('chat');
    expect(JSON.stringify(conv.messages)).toContain('Is the copper kettle <b>in stock</b>?');
    const contact = await (await s.t.req('GET', `/api/v1/contacts/${conv.contact.id}`, { token: s.w.token })).json();
    expect(JSON.stringify(contact)).toContain('wanda@example.com');

    // an agent answers through the API; the visitor's page shows it as text, not HTML
    const r = await s.t.req('POST', `/api/v1/conversations/${id}/replies`, {
      token: s.w.token,
      body: { text: 'Yes! <img src=x onerror="window.pwned=1"> Two left.' },
    });
    expect(r.status).toBe(201);
    const { message } = await r.json();
    const reply = page.locator('li[data-from=agent]', { hasText: 'Two left.' });
    await reply.waitFor({ timeout: 8000 });
    expect(await reply.textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // the visitor's browser acknowledged it: delivered (read, since the chat is open)
    await until(async () => {
      const row = await s.t.app.store.db.selectFrom('messages').select('delivery_status').where('id', '=', message.id).executeTakeFirstOrThrow();
      return ['delivered', 'read'].includes(row.delivery_status);
    }, 8000);
    await page.screenshot({ path: `${SHOTS_DIR}/site-widget-${testDialect}.png` });

    // a reload keeps the conversation (token in localStorage)
    await page.reload();
    await page.getByRole('button', { name: 'Ask the shop' }).click();
    await page.locator('li[data-from=visitor]', { hasText: 'copper kettle' }).waitFor();
    await page.locator('li[data-from=agent]', { hasText: 'Two left.' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
