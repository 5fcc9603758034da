import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../src/test/app.js';
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

describe(`agent web app in a browser (${testDialect})`, () => {
  it('signs in; a message posted through the API channel appears in the open queue without reload, within a second', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.locator('.queue-msg.empty, [data-testid=queue-row]').first().waitFor();
    const started = Date.now();
    await s.inbound({ from: { id: 'live-1', name: 'Lina Live' }, text: 'Is the blue kettle back in stock?' });
    await page.getByText('Is the blue kettle back in stock?').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await page.locator('[data-testid=queue-row]', { hasText: 'Lina Live' }).locator('.unread-dot').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('replies in public and shows it delivered; moves to private and links both conversations', async () => {
    await s.inbound({
      from: { id: 'pub-1', name: 'Paula Public' },
      text: 'My order never arrived!',
      conversation: { kind: 'comment', item_id: 'post-spring', item: { text: 'Our spring collection ships today 🌷', author: 'Acme' } },
    });
    const id = await conversationOf(s, 'Paula Public');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    await page.getByTestId('original-post').getByText('Our spring collection ships today 🌷').waitFor();
    await page.getByRole('radio', { name: 'Public reply' }).waitFor();
    const box = page.getByRole('textbox', { name: /public reply/i });
    await box.fill('So sorry about this, we are looking into it right now.');
    await page.getByRole('button', { name: 'Send publicly' }).click();
    // the fake network accepts it; then it reports delivery through the webhook
    const req = await until(() => s.fake.requests.find((r) => r.body?.message?.text?.includes('looking into it')));
    await page.locator('[data-testid=delivery][data-status=sent], [data-testid=delivery][data-status=delivered]').first().waitFor();
    await deliver(s.t, s.w, { type: 'status', id: `net-${req.idempotencyKey}`, status: 'delivered' });
    await page.locator('[data-testid=delivery][data-status=delivered]').waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/conversation-${testDialect}.png` });

    // move to private, with a short public note
    await page.getByText('Move to private').click();
    await page.getByRole('textbox', { name: /private message/i }).fill('Could you send us your order number here?');
    await page.getByRole('button', { name: 'Send privately' }).click();
    const moved = page.getByTestId('moved-to-private');
    await moved.waitFor();
    await page.getByTestId('linked-conversation').waitFor();
    await moved.getByRole('link', { name: 'Open' }).click();
    await page.locator('[data-testid=message]', { hasText: 'Could you send us your order number here?' }).waitFor();
    await page.getByTestId('linked-conversation').getByText('Started from a public conversation').waitFor();
    await page.getByTestId('linked-conversation').getByRole('link').click();
    await page.locator('[data-testid=message]', { hasText: "We've sent you a private message." }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows hostile message text literally and runs nothing', async () => {
    const evil = '<img src=x onerror=alert(1)><script>window.__pwned=1;alert(2)</script><b>bold</b>';
    await s.inbound({ from: { id: 'xss-1', name: '<i>Mallory</i>' }, text: evil });
    const id = await conversationOf(s, '<i>Mallory</i>');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]', { hasText: '<i>Mallory</i>' }).waitFor();
    await page.goto(`/inbox/all/${id}`);
    const body = page.locator('[data-testid=message] .msg-body').first();
    await body.waitFor();
    expect(await body.textContent()).toBe(evil);
    expect(await page.locator('.msg-body img, .msg-body script, .msg-body b, .row-preview img, .conv-title i').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.waitForTimeout(200);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks before a public reply that contains an email address, and suggests private', async () => {
    await s.inbound({ from: { id: 'pii-1', name: 'Priya Privacy' }, text: 'How do I reach you?', conversation: { kind: 'comment', item_id: 'post-pii' } });
    const id = await conversationOf(s, 'Priya Privacy');
    const { page, context } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${id}`);
    const before = s.fake.requests.length;
    await page.getByRole('textbox', { name: /public reply/i }).fill('Write to us at care@example.com and we will sort it out');
    await page.getByRole('button', { name: 'Send publicly' }).click();
    const guard = page.getByTestId('privacy-guard');
    await guard.waitFor();
    expect(await guard.textContent()).toContain('care@example.com');
    await guard.getByRole('button', { name: 'Send as private message instead' }).waitFor();
    await page.waitForTimeout(300);
    expect(s.fake.requests.length).toBe(before); // nothing went out
    await context.close();
  });

  it('a viewer sees no composer, and the API refuses their reply', async () => {
    await s.inbound({ from: { id: 'view-1', name: 'Victor Viewed' }, text: 'Hello?' });
    const id = await conversationOf(s, 'Victor Viewed');
    const viewer = await s.member('viewer', 'Vera Viewer');
    const { page, context } = await signIn(s, viewer.email, viewer.password);
    await page.goto(`/inbox/all/${id}`);
    await page.getByText('Hello?').first().waitFor();
    await page.getByRole('note').filter({ hasText: 'your role cannot reply' }).waitFor();
    expect(await page.locator('.composer textarea').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Send/ }).count()).toBe(0);
    const status = await page.evaluate(async (cid) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const r = await fetch(`/api/v1/conversations/${cid}/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ text: 'hi' }),
      });
      return r.status;
    }, id);
    expect(status).toBe(403);
    await context.close();
  });

  it('works from the keyboard (j/k, e, ?) and resolves in bulk', async () => {
    for (const n of [1, 2, 3]) await s.inbound({ from: { id: `kb-${n}`, name: `Kim Key ${n}` }, text: `Keyboard question ${n}` });
    await conversationOf(s, 'Kim Key 3');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]', { hasText: 'Kim Key 3' }).waitFor();
    await page.keyboard.press('j');
    await page.locator('.queue-row.active').waitFor();
    const first = await page.locator('.conv-title').textContent();
    await page.keyboard.press('j');
    await page.waitForFunction((name) => document.querySelector('.conv-title')?.textContent !== name, first);
    await page.keyboard.press('k');
    await page.waitForFunction((name) => document.querySelector('.conv-title')?.textContent === name, first);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
    await page.keyboard.press('e'); // resolves the open conversation
    await page.locator('[data-testid=queue-row]', { hasText: first ?? '' }).waitFor({ state: 'detached' });

    const rows = page.locator('[data-testid=queue-row]').filter({ hasText: 'Kim Key' });
    const left = await rows.count();
    for (let i = 0; i < left; i++) await rows.nth(i).getByRole('checkbox').check();
    await page.getByRole('toolbar').getByRole('button', { name: 'Resolve' }).click();
    await rows.first().waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lays out the queue at 1280×800 and on a phone', async () => {
    const { page, context } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]').first().waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/queue-${testDialect}.png` });
    await context.close();
    const phone = await signIn(s, s.ownerEmail, PASSWORD, { width: 390, height: 844 });
    await phone.page.goto('/inbox/all');
    await phone.page.locator('[data-testid=queue-row]').first().waitFor();
    await phone.page.screenshot({ path: `${SHOTS_DIR}/phone-queue-${testDialect}.png` });
    await phone.page.locator('[data-testid=queue-row] .row-main').first().click();
    await phone.page.locator('.composer').waitFor();
    expect(await phone.page.locator('.queue').isVisible()).toBe(false);
    await phone.page.screenshot({ path: `${SHOTS_DIR}/phone-conversation-${testDialect}.png` });
    await phone.context.close();
  });
});
