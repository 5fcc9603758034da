import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, type Stack } from './harness.js';

/** A conversation's activity in the thread: quiet lines between messages, folded when many, hidden at will. */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`activity in the thread, in a browser (${testDialect})`, () => {
  it('shows assign, tag, snooze and resolve as they happen; folds them, opens them, hides all activity (remembered)', async () => {
    const lee = await s.member('agent', 'Lee Agent');
    await s.inbound({ from: { id: 'act-1', name: 'Ana Activity' }, text: 'My parcel is late' });
    const id = await conversationOf(s, 'Ana Activity');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    await page.goto(`/inbox/all/${id}`);
    const thread = page.getByRole('log', { name: 'Messages' });
    await thread.getByText('My parcel is late').waitFor();
    const call = async (path: string, body: unknown, token = s.w.token) => {
      const r = await s.t.req('POST', `/api/v1/conversations/${id}${path}`, { token, body });
      expect(r.status).toBeLessThan(300);
    };
    // the first change shows live, without a reload (the realtime stream refreshes the thread)
    await call('/assign', { assigneeId: lee.userId });
    await thread.getByText('You assigned this to Lee Agent').waitFor();
    await call('/tags', { add: ['late-parcel'] }, lee.token);
    await thread.getByText('Lee Agent added tag #late-parcel').waitFor();
    await call('/status', { status: 'snoozed', snoozedUntil: new Date(Date.now() + 86_400_000).toISOString() }, lee.token);
    await call('/status', { status: 'resolved' });
    // four in a row: folded into one quiet line, opened on demand
    const fold = thread.getByRole('button', { name: 'Show 4 activity items' });
    await fold.waitFor();
    expect(await thread.locator('[data-testid=activity]').count()).toBe(0);
    await fold.click();
    await thread.getByText(/^Lee Agent snoozed this until /).waitFor();
    await thread.getByText('You resolved this conversation').waitFor();
    expect(await thread.locator('[data-testid=activity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
      'assigned',
      'tagged',
      'status',
      'status',
    ]);
    await thread.getByRole('button', { name: 'Hide activity' }).click();
    await fold.waitFor();

    // hiding all activity is remembered for this person
    await thread.getByLabel('Show activity').uncheck();
    await fold.waitFor({ state: 'detached' });
    await page.reload();
    await thread.getByText('My parcel is late').waitFor();
    await thread.getByLabel('Show activity').waitFor();
    expect(await thread.getByLabel('Show activity').isChecked()).toBe(false);
    expect(await thread.getByRole('button', { name: 'Show 4 activity items' }).count()).toBe(0);
    await thread.getByLabel('Show activity').check();
    await thread.getByRole('button', { name: 'Show 4 activity items' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
