import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../../src/channels/telegram/testing/fake-telegram.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/** An agent attaches a file to a Telegram reply in the browser; the customer gets it, the thread shows it. */
// A 2×2 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==', 'base64');
const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const here = path.dirname(fileURLToPath(import.meta.url));

let s: Stack;
let tg: Awaited<ReturnType<typeof startFakeTelegram>>;
beforeAll(async () => {
  s = await startStack();
  tg = await startFakeTelegram({ token: TOKEN, chats: [1111111] });
});
afterAll(async () => {
  await tg?.close();
  await s?.close();
});

describe(`sending files from the composer (${testDialect})`, () => {
  it('attach → chip with name and size → send: Telegram gets the photo by multipart, the thread shows the stored copy', async () => {
    const res = await s.t.req('POST', '/api/v1/channels', {
      token: s.w.token,
      body: { type: 'telegram', name: 'Acme bot', settings: { botToken: TOKEN, apiBaseUrl: tg.baseUrl } },
    });
    const ch = await res.json();
    const update = readFileSync(path.join(here, '../../src/channels/telegram/fixtures/private_text.json'), 'utf8');
    expect(
      (
        await s.t.http.request(`/webhooks/${ch.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': ch.secrets.secretToken },
          body: update,
        })
      ).status,
    ).toBe(200);
    await s.inbound({ from: { id: 'api-1', name: 'Abe Api' }, text: 'from the custom source' });
    const id = await conversationOf(s, 'Ana Lima');
    const apiConv = await conversationOf(s, 'Abe Api');

    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    // A channel that cannot carry files: the button is disabled and says why.
    await page.goto(`/inbox/all/${apiConv}`);
    const attachApi = page.getByTestId('attach');
    await attachApi.waitFor();
    expect(await attachApi.isDisabled()).toBe(true);
    expect(await attachApi.locator('xpath=..').getAttribute('title')).toBe('This channel cannot send files');

    await page.goto(`/inbox/all/${id}`);
    await page.getByTestId('attach').waitFor();
    expect(await page.getByTestId('attach').isDisabled()).toBe(false);
    await page.getByTestId('attach-input').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: PNG });
    const chip = page.getByTestId('attach-chip');
    await chip.getByText('box.png').waitFor();
    await chip.getByText(`${PNG.length} B`).waitFor();
    // Removing and attaching again: the × works.
    await chip.getByRole('button', { name: 'Remove box.png' }).click();
    expect(await chip.count()).toBe(0);
    await page.getByTestId('attach-input').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: PNG });
    await until(async () => (await chip.count()) === 1 && !(await chip.textContent())?.includes('Uploading'));

    await page.getByPlaceholder('Write a private message to the customer').fill('Here is the photo of your box');
    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SHOTS_DIR}/composer-attachments-${testDialect}.png` });
    await page.getByRole('button', { name: 'Send privately' }).click();
    await until(() => chip.count().then((n) => n === 0));

    const sent = await until(() => tg.requests.find((r) => r.apiMethod === 'sendPhoto'), 10_000);
    expect(sent.body).toMatchObject({ multipart: true, chat_id: '1111111', caption: 'Here is the photo of your box' });
    expect(Buffer.from(sent.body.files[0].bytes).equals(PNG)).toBe(true);

    const stored = page.locator('[data-testid="message"][data-direction="out"] [data-testid="attachment"][data-stored="true"]');
    await stored.waitFor();
    await stored.getByText('box.png').waitFor();
    await until(() => stored.locator('img').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 2));
    expect(errors).toEqual([]);
    await context.close();
  });
});
