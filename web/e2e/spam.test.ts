import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { startReactorWorker } from '../../src/processes/reactor-worker.js';
import { reactors } from '../../src/processes/reactors.js';
import { deliver } from '../../src/test/app.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
let stops: Array<() => Promise<void>> = [];
beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  await runReactors(s.t.app, reactors); // their cursors start here
  // Triage and its spam reactor, the removal reactor: what `npm start` runs beside intake.
  stops = [startEnrichWorker(s.t.app), startReactorWorker(s.t.app)];
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`the Spam folder in the browser (${testDialect})`, () => {
  it('triage sets a troll aside; an agent marks spam, it leaves the queue for the Spam folder, and "Not spam" brings it back; a deleted comment says so', async () => {
    expect((await s.inbound({ from: { id: 'sp-ana', name: 'Ana Real' }, text: 'Where is my order? It was due Monday.' })).status).toBe(200);
    expect((await s.inbound({ from: { id: 'sp-tom', name: 'Tom Troll' }, text: 'you all are pathetic losers, nobody buys your trash' })).status).toBe(200);
    const comment = { from: { id: 'sp-del', name: 'Del Deleted' }, text: 'nvm', conversation: { kind: 'comment', thread: 'post-sp', item_id: 'post-sp' } };
    const c = await s.inbound(comment);
    expect(c.status).toBe(200);
    const ana = await conversationOf(s, 'Ana Real');
    const tom = await conversationOf(s, 'Tom Troll');
    const del = await conversationOf(s, 'Del Deleted');
    const delExt = (await s.t.app.store.db.selectFrom('messages').select('external_id').where('conversation_id', '=', del).executeTakeFirstOrThrow())
      .external_id;
    expect((await deliver(s.t, s.w, { type: 'delete', id: delExt })).status).toBe(200);
    const conv = async (id: string) => (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
    await until(async () => (await conv(tom)).spam?.source === 'triage', 15_000);
    await until(async () => (await conv(del)).removedAt, 15_000);

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    const rows = page.locator('[data-testid=queue-row]');
    await rows.filter({ hasText: 'Ana Real' }).waitFor();
    expect(await rows.locator('.row-name').allTextContents()).toEqual(['Ana Real']);
    const spamLink = page.locator('nav.sidebar a[href="/inbox/spam"]');
    expect(await spamLink.locator('.nav-count').textContent()).toBe('1');
    expect(await page.locator('nav.sidebar a[href="/inbox/removed"] .nav-count').textContent()).toBe('1');

    // Mark Ana as spam from the conversation: she leaves the queue, the Spam count grows.
    await rows.filter({ hasText: 'Ana Real' }).click();
    await page.getByTestId('spam-toggle').filter({ hasText: 'Mark as spam' }).click();
    await page.getByTestId('queue-empty').waitFor();
    await until(async () => (await spamLink.locator('.nav-count').textContent()) === '2');

    // The Spam folder lists both, in any status, and says why each is there.
    await spamLink.click();
    await rows.filter({ hasText: 'Tom Troll' }).waitFor();
    expect((await rows.locator('.row-name').allTextContents()).sort()).toEqual(['Ana Real', 'Tom Troll']);
    await rows.filter({ hasText: 'Tom Troll' }).click();
    await page.getByTestId('out-of-queue').filter({ hasText: 'Marked as spam by triage (troll score 1.00).' }).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/spam-folder-${testDialect}.png` });
    await rows.filter({ hasText: 'Ana Real' }).click();
    await page
      .getByTestId('out-of-queue')
      .filter({ hasText: /^Marked as spam by / })
      .waitFor();

    // "Not spam": back in the open queue.
    await page.getByTestId('spam-toggle').filter({ hasText: 'Not spam' }).click();
    await until(async () => (await conv(ana)).spam === null);
    await page.locator('nav.sidebar a[href="/inbox/all"]').click();
    await rows.filter({ hasText: 'Ana Real' }).waitFor();

    // The deleted comment: in Removed, said in words, not "(no text)", and not waiting.
    await page.locator('nav.sidebar a[href="/inbox/removed"]').click();
    const gone = rows.filter({ hasText: 'Del Deleted' });
    await gone.waitFor();
    expect(await gone.locator('.row-preview').textContent()).toBe('The customer deleted this message.');
    expect(await gone.locator('.waiting').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS_DIR}/spam-removed-${testDialect}.png` });

    // The shortcut is in the help overlay.
    await page.locator('body').press('?');
    await page.getByRole('dialog').getByText('Mark as spam / Not spam').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
