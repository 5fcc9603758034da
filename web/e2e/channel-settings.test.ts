import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_VERSION } from '../../src/channels/meta/constants.js';
import { startFakeGraph, type FakeTemplate } from '../../src/channels/meta/testing/fake-graph.js';
import { signMetaBody } from '../../src/channels/meta/webhook.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/**
 * Settings → Channels for the site chat (create it, copy the embed snippet, edit the widget) and
 * WhatsApp (sync message templates from a local Graph API, Meta's refusal shown); then the
 * composer's template picker on a WhatsApp conversation whose 24-hour window has closed.
 */
const PASSWORD = 'correct horse battery';
const PHONE = '106540352242923';
const WABA = '102290129340398';
const TOKEN = 'EAAB-wa-token-0123456789';
const APP_SECRET = 'app-secret-0123456789';

const tpl = (id: string, name: string, status: FakeTemplate['status'], body: string, category: FakeTemplate['category'] = 'UTILITY'): FakeTemplate => ({
  id,
  name,
  language: 'en_US',
  status,
  category,
  components: [
    { type: 'BODY', text: body },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
  ],
});

let s: Stack;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let waChannelId: string;
let agent: Awaited<ReturnType<Stack['member']>>;

beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  graph = await startFakeGraph({ token: TOKEN, appSecret: APP_SECRET, accounts: { [PHONE]: 'whatsapp' } });
  graph.templates.set(WABA, [
    tpl('9001', 'order_update', 'APPROVED', 'Hi {{1}}, your order has shipped.'),
    tpl('9002', 'spring_sale', 'PENDING', 'Spring sale: 20% off until Sunday.', 'MARKETING'),
  ]);
  const res = await s.t.req('POST', '/api/v1/channels', {
    token: s.w.token,
    body: {
      type: 'whatsapp',
      name: 'Shop WhatsApp',
      settings: { phoneNumberId: PHONE, businessAccountId: WABA, apiBaseUrl: graph.baseUrl, appSecret: APP_SECRET, accessToken: TOKEN },
    },
  });
  expect(res.status).toBe(201);
  waChannelId = (await res.json()).id;
  agent = await s.member('agent', 'Ada Agent');
});
afterAll(async () => {
  await graph?.close();
  await s?.close();
});

const channels = async () =>
  (await (await s.t.req('GET', '/api/v1/channels', { token: s.w.token })).json()).channels as Array<{
    id: string;
    type: string;
    name: string;
    webhookUrl: string;
    settings: Record<string, unknown>;
  }>;

describe(`channel settings in a browser (${testDialect})`, () => {
  it('an admin creates a site chat (origins checked), copies the exact embed snippet and edits the widget', async () => {
    const { context, page, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
    await page.goto('/settings/channels');
    const form = page.getByRole('form', { name: 'Connect a channel' });
    await form.getByLabel('Type').selectOption('site');
    await form.getByLabel('Channel name').fill('Shop chat');

    // no origin: refused in the browser, nothing created
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('add at least one origin');
    // an origin with a path: the server's reason, per line
    await form.getByLabel('Allowed origins').fill('https://shop.example.com\nhttps://shop.example.com/checkout');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/Allowed origins: line 2: must be an origin such as https:\/\/shop\.example\.com/);
    expect((await channels()).filter((c) => c.type === 'site')).toEqual([]);

    await form.getByLabel('Allowed origins').fill('https://shop.example.com\n\n  https://www.shop.example.com ');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').filter({ hasText: 'Shop chat is ready' }).waitFor();
    const site = await until(async () => (await channels()).find((c) => c.type === 'site'));
    expect(site.settings.allowedOrigins).toEqual(['https://shop.example.com', 'https://www.shop.example.com']);

    // the snippet is exactly the docs' tag, with Hearken's public address and the channel's key; Copy puts it on the clipboard
    const expected = `<script src="${s.t.app.config.publicUrl}/widget.js" data-hearken-chat="${site.id}" async></script>`;
    const snippet = page.getByTestId('site-snippet');
    expect(await snippet.textContent()).toBe(expected);
    await page.getByRole('button', { name: 'Copy the embed snippet of Shop chat' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    // a site chat has no webhook URL to show
    const card = page.locator('.channel', { has: page.getByRole('heading', { name: /Shop chat/ }) });
    expect(await card.textContent()).not.toContain('/webhooks/');

    // the widget's settings, through the channel update API; a bad value is named, nothing saved
    const widget = page.getByRole('form', { name: 'Chat widget settings of Shop chat' });
    await widget.getByLabel('Allowed origins').fill('ftp://shop.example.com');
    await widget.getByRole('button', { name: 'Save widget settings' }).click();
    await expect.poll(() => widget.getByRole('alert').textContent()).toContain('line 1: must be an origin');
    expect((await channels()).find((c) => c.id === site.id)!.settings.allowedOrigins).toEqual(['https://shop.example.com', 'https://www.shop.example.com']);
    await widget.getByLabel('Allowed origins').fill('https://shop.example.com');
    await widget.getByLabel('Title (launcher and window)').fill('Ask the shop');
    await widget.getByLabel('Greeting (while the team is online)').fill('Hello! Kettles, mugs, lids?');
    await widget.getByLabel('Colour').fill('#0b7285');
    await widget.getByLabel('Ask for email').selectOption('required');
    await widget.getByRole('button', { name: 'Save widget settings' }).click();
    await widget.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const config = await (await s.t.req('GET', `/site/v1/${site.id}/config`)).json();
    expect(config).toMatchObject({ title: 'Ask the shop', greeting: 'Hello! Kettles, mugs, lids?', color: '#0b7285', askEmail: 'required' });
    expect((await channels()).find((c) => c.id === site.id)!.settings.allowedOrigins).toEqual(['https://shop.example.com']);
    await page.screenshot({ path: `${SHOTS_DIR}/channel-settings-site-${testDialect}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an admin syncs WhatsApp templates from Meta (Meta's refusal shown); an agent sees them but cannot sync or edit", async () => {
    const { context, page, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/settings/channels');
    const section = page.getByRole('region', { name: 'Message templates' });
    await section.getByText('No templates synced yet.').waitFor();

    // Meta refuses (expired token): its words are shown, nothing listed
    graph.setResponder((r) =>
      r.method === 'GET'
        ? {
            status: 400,
            body: {
              error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'x' },
            },
          }
        : undefined,
    );
    await section.getByRole('button', { name: 'Sync from Meta' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toContain('Error validating access token: Session has expired');
    expect(await section.getByTestId('wa-template').count()).toBe(0);
    graph.setResponder(() => undefined);

    await section.getByRole('button', { name: 'Sync from Meta' }).click();
    await section.getByRole('status').filter({ hasText: 'Synced: 2 added, 0 updated, 0 removed (2 in all).' }).waitFor();
    const rows = section.getByTestId('wa-template');
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.allTextContents()).map((x) => x.replace(/\s+/g, ' '))).toEqual([
      'order_updateen_USUTILITYAPPROVEDHi {{1}}, your order has shipped.',
      'spring_saleen_USMARKETINGPENDINGSpring sale: 20% off until Sunday.',
    ]);
    expect(graph.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/${WABA}/message_templates`))).toBe(true);
    // Check connection asks Meta with the stored credentials and shows its answer under the channel.
    const waCard = page.locator('.channel', { has: section });
    await waCard.getByRole('button', { name: 'Check connection' }).click();
    await expect
      .poll(() =>
        waCard
          .getByRole('status')
          .filter({ hasText: /^(Connected|Not working): .+/ })
          .count(),
      )
      .toBe(1);
    expect(graph.requests.some((r) => r.method === 'GET' && r.path.includes(WABA) && r.path.endsWith('/subscribed_apps'))).toBe(true);
    await page.screenshot({ path: `${SHOTS_DIR}/channel-settings-whatsapp-${testDialect}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    // an agent: the same list, no sync, the site widget form read-only, no connect form
    const a = await signIn(s, agent.email, agent.password);
    await a.page.goto('/settings/channels');
    const aSection = a.page.getByRole('region', { name: 'Message templates' });
    await expect.poll(() => aSection.getByTestId('wa-template').count()).toBe(2);
    expect(await aSection.getByRole('button', { name: 'Sync from Meta' }).count()).toBe(0);
    expect(await a.page.getByTestId('site-snippet').textContent()).toContain('/widget.js');
    const widget = a.page.getByRole('form', { name: 'Chat widget settings of Shop chat' });
    expect(await widget.getByLabel('Title (launcher and window)').isDisabled()).toBe(true);
    expect(await widget.getByRole('button', { name: 'Save widget settings' }).count()).toBe(0);
    expect(await a.page.getByRole('form', { name: 'Connect a channel' }).count()).toBe(0);
    // and the API agrees
    expect((await s.t.req('POST', `/api/v1/channels/${waChannelId}/templates/sync`, { token: agent.token })).status).toBe(403);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });

  it('after the 24-hour window has closed, the composer offers the template picker and the fake Graph API receives the template', async () => {
    const waId = '15551234567';
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: PHONE },
                contacts: [{ wa_id: waId, profile: { name: 'Wendy Whatsapp' } }],
                messages: [
                  {
                    from: waId,
                    id: 'wamid.E2E-TEMPLATE-1',
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: 'text',
                    text: { body: 'Where is my parcel?' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const res = await s.t.http.request(`/webhooks/${waChannelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signMetaBody(APP_SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    const id = await conversationOf(s, 'Wendy Whatsapp', 8000);
    // the customer wrote 30 hours ago: WhatsApp's window has closed
    await s.t.app.store.db
      .updateTable('conversations')
      .set({ last_inbound_at: Date.now() - 30 * 3600_000 })
      .where('id', '=', id)
      .execute();

    const { context, page, errors } = await signIn(s, agent.email, agent.password);
    await page.goto(`/inbox/all/${id}`);
    const picker = page.getByTestId('template-picker');
    await picker.waitFor();
    // the picker renders before the synced templates arrive: wait for them, then read the whole list
    await picker.locator('option', { hasText: 'order_update (en_US)' }).waitFor({ state: 'attached' });
    // only approved templates are offered
    const options = await picker.getByRole('combobox').locator('option').allTextContents();
    expect(options).toContain('order_update (en_US)');
    expect(options.join('|')).not.toContain('spring_sale');
    await picker.getByRole('combobox').selectOption({ label: 'order_update (en_US)' });
    const send = picker.getByRole('button', { name: 'Send template' });
    expect(await send.isDisabled()).toBe(true); // the parameter is empty
    await picker.getByLabel('Parameter 1').fill('Wendy');
    expect(await picker.getByTestId('template-preview').textContent()).toBe('Hi Wendy, your order has shipped.');
    const before = graph.requests.length;
    await send.click();

    const sent = await until(() => graph.requests.slice(before).find((r) => r.method === 'POST' && r.body?.type === 'template'), 10_000);
    expect(sent.path).toBe(`/${GRAPH_VERSION}/${PHONE}/messages`);
    expect(sent.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: waId,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Wendy' }] }] },
    });
    // the thread shows the message as the customer reads it
    await page.locator('.thread', { hasText: 'Hi Wendy, your order has shipped.' }).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/template-picker-${testDialect}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });
});
