import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrichPending } from '../../src/enrich/enrich-pending.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/** Composer defects only a browser shows (issue 20): stale variables, the paperclip, the @mention list, presence's first call. */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

// Five members to @mention, and a loaded machine: the browser steps get more than the default 30 s.
describe(`the composer in a browser (${testDialect})`, { timeout: 90_000 }, () => {
  it('a deep link or reload sends no write before the CSRF token is known: no 403, presence included', async () => {
    await s.inbound({ from: { id: 'deep-1', name: 'Dora Deep' }, text: 'Where is my parcel?' });
    const id = await conversationOf(s, 'Dora Deep');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    const answers: Array<{ url: string; status: number; method: string }> = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/')) answers.push({ url: r.url(), status: r.status(), method: r.request().method() });
    });
    for (const go of [() => page.goto(`/inbox/all/${id}`), () => page.reload()]) {
      const presence = page.waitForResponse((r) => r.url().endsWith(`/conversations/${id}/presence`) && r.request().method() === 'POST');
      await go();
      await page.getByRole('textbox', { name: /message to the customer/i }).waitFor();
      expect((await presence).status()).toBe(200);
    }
    expect(answers.filter((a) => a.status === 403)).toEqual([]);
    expect(answers.filter((a) => a.url.includes('/presence') && a.method === 'POST').length).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a contact detail added in the panel fills saved-reply variables at once: the draft and the next pick', async () => {
    await s.inbound({ from: { id: 'var-1', name: 'Rita Order' }, text: 'Has my order shipped?' });
    const id = await conversationOf(s, 'Rita Order');
    const saved = await s.t.req('POST', '/api/v1/saved-replies', {
      token: s.w.token,
      body: { name: 'Order shipped', body: 'Hi {{contact.first_name}}, order {{contact.attributes.order}} ships today.' },
    });
    expect(saved.status).toBe(201);
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD, { width: 1440, height: 900 });
    await page.goto(`/inbox/all/${id}`);
    const box = page.getByRole('textbox', { name: /message to the customer/i });
    await box.waitFor();
    const pick = async () => {
      await page.getByRole('button', { name: 'Saved replies' }).click();
      await page.getByRole('option').filter({ hasText: 'Order shipped' }).getByRole('button').click();
    };
    const send = page.getByRole('button', { name: 'Send privately' });

    await pick();
    expect(await box.inputValue()).toBe('Hi Rita, order {{contact.attributes.order}} ships today.');
    await page.getByRole('alert').filter({ hasText: '{{contact.attributes.order}}' }).waitFor();
    expect(await send.isDisabled()).toBe(true);

    const panel = page.getByRole('complementary', { name: 'Contact' });
    await panel.getByRole('textbox', { name: 'Key' }).fill('order');
    await panel.getByRole('textbox', { name: 'Value' }).fill('A-7781');
    await panel.getByRole('button', { name: 'Add detail' }).click();
    await panel.getByText('A-7781').waitFor();
    // The draft's placeholder fills without a reload, and sending is allowed again.
    await until(async () => (await box.inputValue()) === 'Hi Rita, order A-7781 ships today.');
    await until(() => send.isEnabled());

    await box.fill('');
    await pick();
    expect(await box.inputValue()).toBe('Hi Rita, order A-7781 ships today.');
    await send.click();
    await page.locator('[data-testid=message]', { hasText: 'order A-7781 ships today' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('no paperclip on a channel that says 0 files; a refused file holds the reply until the agent dismisses it', async () => {
    await s.inbound({ from: { id: 'clip-1', name: 'Cleo Clip' }, text: 'Can I send you a photo?' });
    const id = await conversationOf(s, 'Cleo Clip');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    // The server's answer as a channel declaring "attachments, 0 files per reply" would give it.
    let limits = { maxFiles: 0, maxBytes: 1024 * 1024, privateOnly: false };
    await page.route(
      (u) => u.pathname === `/api/v1/conversations/${id}`,
      async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        body.channel.capabilities = { ...body.channel.capabilities, attachments: true, outboundAttachments: limits };
        await route.fulfill({ response: res, json: body });
      },
    );
    await page.goto(`/inbox/all/${id}`);
    const attach = page.getByTestId('attach');
    await attach.waitFor();
    expect(await attach.isDisabled()).toBe(true);
    expect(await attach.locator('xpath=..').getAttribute('title')).toBe('This channel cannot send files');

    // One file of at most 10 bytes: a bigger one is refused, and the text does not go alone by surprise.
    limits = { maxFiles: 1, maxBytes: 10, privateOnly: false };
    await page.reload();
    await attach.waitFor();
    await until(() => attach.isEnabled());
    await page.getByRole('textbox', { name: /message to the customer/i }).fill('Here you go');
    await page.getByTestId('attach-input').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(64, 1) });
    const note = page.getByTestId('attach-note');
    await note.getByText('big.png is larger than 10 B').waitFor();
    const send = page.getByRole('button', { name: 'Send privately' });
    expect(await send.isDisabled()).toBe(true);
    await note.getByRole('button', { name: 'Dismiss: send without these files' }).click();
    await until(() => send.isEnabled());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Move to private" under a Portuguese comment offers and posts the public note in Portuguese', async () => {
    await s.inbound({
      from: { id: 'pt-1', name: 'Paulo Pereira' },
      text: 'Meu pedido ainda não chegou e já faz duas semanas, ninguém me responde. O que está acontecendo?',
      conversation: { kind: 'comment', item_id: 'post-outono', item: { text: 'Coleção de outono', author: 'Acme' } },
    });
    const id = await conversationOf(s, 'Paulo Pereira');
    await enrichPending(s.t.app);
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    await page.getByText('Move to private').click();
    const note = page.getByRole('textbox', { name: 'Public reply on the post' });
    await until(async () => (await note.inputValue()) === 'Enviamos uma mensagem privada para você.');
    await page.getByRole('textbox', { name: /private message/i }).fill('Pode nos passar o número do pedido?');
    await page.getByRole('button', { name: 'Send privately' }).click();
    await page.getByTestId('moved-to-private').waitFor();
    await page.locator('[data-testid=message][data-direction=out]', { hasText: 'Enviamos uma mensagem privada para você.' }).waitFor();
    expect(await page.locator('[data-testid=message]', { hasText: "We've sent you a private message." }).count()).toBe(0);
    // Where the language comes from when triage does not know it: the workspace default, set by an admin.
    await page.goto('/settings/auto-replies');
    const lang = page.getByRole('combobox', { name: 'Default language' });
    await lang.selectOption({ label: 'Español' });
    await page.getByRole('region', { name: 'Language for customers' }).getByRole('status').waitFor();
    const ws = async () => (await (await s.t.req('GET', '/api/v1/workspace', { token: s.w.token })).json()).defaultLanguage;
    expect(await ws()).toBe('es');
    await lang.selectOption({ label: 'English (default)' });
    await until(async () => (await ws()) === null);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`the @mention list opens inside the window (${viewport.width}×${viewport.height})`, async () => {
      for (const name of ['Nina Agent', 'Nico Admin', 'Noor Agent', 'Nell Agent', 'Nate Agent']) {
        const taken = await s.t.app.store.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
        if (!taken) await s.member(name === 'Nico Admin' ? 'admin' : 'agent', name);
      }
      await s.inbound({ from: { id: `men-${viewport.width}`, name: `Mona ${viewport.width}` }, text: 'Who can help me?' });
      const id = await conversationOf(s, `Mona ${viewport.width}`);
      const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD, viewport);
      await page.goto(`/inbox/all/${id}`);
      await page.getByRole('tab', { name: 'Note' }).click();
      const box = page.getByRole('textbox', { name: /note for your team/i });
      await box.fill('Can @N');
      const list = page.getByRole('listbox', { name: /mention/i });
      await list.waitFor();
      expect(await list.getByRole('option').count()).toBe(5);
      await inViewport(page, list);
      // The last option is reachable and visible (not under the window's edge), and picking works.
      await list.getByRole('option').last().getByRole('button').click();
      expect(await box.inputValue()).toMatch(/^Can @N\w+ \w+ $/);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

/** The element's box lies inside the viewport, and what is drawn at its corners is the element itself. */
async function inViewport(page: Page, el: ReturnType<Page['locator']>) {
  const vp = page.viewportSize()!;
  const b = (await el.boundingBox())!;
  expect(b.height).toBeGreaterThan(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y + b.height).toBeLessThanOrEqual(vp.height);
  expect(b.x + b.width).toBeLessThanOrEqual(vp.width);
  const hits = await el.evaluate((node, box) => {
    const at = (x: number, y: number) => node.contains(document.elementFromPoint(x, y));
    return [at(box.x + 4, box.y + 4), at(box.x + box.width - 4, box.y + box.height - 4)];
  }, b);
  expect(hits).toEqual([true, true]);
}
