import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

async function threadConv(thread: string): Promise<string> {
  const key = `${s.w.channelId}:t:${thread}`;
  return until(async () => (await s.t.app.store.db.selectFrom('conversations').select('id').where('thread_key', '=', key).executeTakeFirst())?.id, 10_000);
}

describe(`merging conversations in the browser (${testDialect})`, () => {
  it('"Merge into…" from a conversation: the picker offers the customer’s other conversation, the merge opens it with the marker and grouped messages; the old link follows', async () => {
    const from = { id: 'mg-rita', name: 'Rita Merge' };
    expect((await s.inbound({ from, text: 'My parcel never arrived', conversation: { kind: 'dm', thread: 'mg-1' } })).status).toBe(200);
    const first = await threadConv('mg-1');
    expect((await s.inbound({ from, text: 'Order 5521 still missing!', conversation: { kind: 'dm', thread: 'mg-2' } })).status).toBe(200);
    const second = await threadConv('mg-2');
    expect((await s.inbound({ from: { id: 'mg-other', name: 'Otto Other' }, text: 'Hello', conversation: { kind: 'dm', thread: 'mg-3' } })).status).toBe(200);
    await threadConv('mg-3');

    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto(`/inbox/all/${second}`);
    await page.locator('[data-testid=message]').filter({ hasText: 'Order 5521 still missing!' }).waitFor();
    await page.getByTestId('merge-open').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.waitFor();
    const options = dialog.getByTestId('merge-option');
    await options.first().waitFor();
    // Only Rita's other conversation: not this one, not another customer's.
    expect(await options.count()).toBe(1);
    expect(await options.first().textContent()).toContain('My parcel never arrived');
    await options.first().click();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    // The target opens, with the marker and the merged message tagged with its thread.
    await page.waitForURL(`**/inbox/all/${first}`);
    const marker = page.getByTestId('merge-marker');
    await marker.waitFor();
    expect(await marker.textContent()).toMatch(new RegExp(`^Conversation #${second.slice(-6).toUpperCase()} merged here by Olivia Owner at `));
    const msgs = page.locator('[data-testid=message]');
    await until(async () => (await msgs.count()) === 2);
    expect(await msgs.nth(1).getAttribute('class')).toContain('from-merged');
    expect(await msgs.nth(1).getByTestId('message-origin').textContent()).toBe(`from #${second.slice(-6).toUpperCase()}`);
    expect(await msgs.nth(0).getByTestId('message-origin').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS_DIR}/merge-marker-${testDialect}.png` });

    // The API says where the source went; its old link opens the target.
    const tomb = await (await s.t.req('GET', `/api/v1/conversations/${second}`, { token: s.w.token })).json();
    expect(tomb.mergedInto.id).toBe(first);
    await page.goto(`/inbox/all/${second}`);
    await page.waitForURL(`**/inbox/all/${first}`);
    await page.getByTestId('merge-marker').waitFor();
    // Rita has one conversation in the queue now.
    const rows = page.locator('[data-testid=queue-row]');
    await until(async () => (await rows.filter({ hasText: 'Rita Merge' }).count()) === 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('from the queue: select two of one customer’s conversations, "Merge…", pick the target', async () => {
    const from = { id: 'mg-bulk', name: 'Bea Bulk' };
    expect((await s.inbound({ from, text: 'Bulk one', conversation: { kind: 'dm', thread: 'mg-b1' } })).status).toBe(200);
    const one = await threadConv('mg-b1');
    expect((await s.inbound({ from, text: 'Bulk two', conversation: { kind: 'dm', thread: 'mg-b2' } })).status).toBe(200);
    const two = await threadConv('mg-b2');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    const rows = page.locator('[data-testid=queue-row]').filter({ hasText: 'Bea Bulk' });
    await until(async () => (await rows.count()) === 2);
    await rows.nth(0).locator('.row-check').check();
    await rows.nth(1).locator('.row-check').check();
    await page.getByTestId('bulk-merge').click();
    const dialog = page.getByTestId('merge-dialog');
    const options = dialog.getByTestId('merge-option');
    expect(await options.count()).toBe(2);
    await options.filter({ hasText: 'Bulk one' }).click();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await until(async () => (await rows.count()) === 1);
    const tomb = await (await s.t.req('GET', `/api/v1/conversations/${two}`, { token: s.w.token })).json();
    expect(tomb.mergedInto.id).toBe(one);
    expect(errors).toEqual([]);
    await context.close();
  });
});
