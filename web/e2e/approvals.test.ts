import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/**
 * Reply approvals and scheduled send in a browser (README "Reply approvals", "Scheduled send"):
 * an agent's public reply is held as proposed, a lead accepts it from the approvals page and it
 * goes out as the agent's; a reply scheduled for tomorrow is shown in the thread and cancelled.
 */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const outbound = (conv: string) =>
  s.t.app.store.db.selectFrom('messages').select(['body', 'author_user_id']).where('conversation_id', '=', conv).where('direction', '=', 'out').execute();

describe(`approvals in a browser (${testDialect})`, () => {
  it("an agent's public reply is proposed; a lead accepts it and it is sent as the agent's", async () => {
    const agent = await s.member('agent', 'Nina Newcomer');
    const policy = { rules: [{ name: 'Public replies by agents', roles: ['agent'], visibility: 'public' }] };
    expect((await s.t.req('PUT', '/api/v1/approvals/policy', { token: s.w.token, body: policy })).status).toBe(200);
    expect(
      (
        await s.inbound({
          from: { id: 'pc-1', name: 'Paula Public' },
          text: 'Is the shop open on Sunday?',
          conversation: { kind: 'comment', item_id: 'post-9' },
        })
      ).status,
    ).toBe(200);
    const conv = await conversationOf(s, 'Paula Public', 8000);

    const a = await signIn(s, agent.email, agent.password);
    a.page.setDefaultTimeout(8000);
    await a.page.goto(`/inbox/all/${conv}`);
    await a.page.getByLabel('Write a public reply — everyone can see it').fill('Yes, from 10 to 16!');
    await a.page.getByRole('button', { name: 'Send publicly' }).click();
    await a.page.getByTestId('held-notice').waitFor();
    expect(await a.page.getByTestId('held-notice').textContent()).toContain('Public replies by agents');
    await a.page.locator('[data-testid="held-reply"][data-status="proposed"]').waitFor();
    expect(await outbound(conv)).toHaveLength(0);

    const lead = await signIn(s, s.ownerEmail, 'correct horse battery');
    lead.page.setDefaultTimeout(8000);
    await lead.page.getByTestId('approvals-link').filter({ hasText: '1 waiting' }).waitFor();
    // The queue row shows it too.
    await lead.page.goto('/inbox/all');
    await lead.page.getByTestId('row-proposed').filter({ hasText: 'Reply proposed' }).waitFor();
    await lead.page.getByTestId('approvals-link').click();
    const card = lead.page.getByTestId('approval').filter({ hasText: 'Yes, from 10 to 16!' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Accept', exact: true }).click();
    await lead.page.getByTestId('approvals-empty').waitFor();
    const out = await until(async () => {
      const rows = await outbound(conv);
      return rows.length ? rows : null;
    });
    expect(out).toMatchObject([{ body: 'Yes, from 10 to 16!', author_user_id: agent.userId }]);
    // The author hears of it in the app, and the held item leaves the thread.
    await a.page.getByTestId('decision-notice').filter({ hasText: 'Your reply was approved' }).waitFor();
    await a.page.getByTestId('held-replies').waitFor({ state: 'detached' });
    expect(a.errors).toEqual([]);
    expect(lead.errors).toEqual([]);
    await a.context.close();
    await lead.context.close();
  }, 60_000);

  it('a reply scheduled for tomorrow morning shows its time in the thread and is cancelled', async () => {
    expect((await s.inbound({ from: { id: 'dm-1', name: 'Dora Direct' }, text: 'Call me tomorrow?' })).status).toBe(200);
    const conv = await conversationOf(s, 'Dora Direct', 8000);
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto(`/inbox/all/${conv}`);
    await page.getByLabel('Write a private message to the customer').fill('Good morning Dora!');
    await page.getByRole('button', { name: 'Send later' }).click();
    await page.getByRole('menuitem', { name: /Tomorrow 9:00/ }).click();
    const item = page.locator('[data-testid="held-reply"][data-status="scheduled"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Good morning Dora!');
    expect(await item.textContent()).toContain('Sends');
    const held = await s.t.app.store.db.selectFrom('held_replies').select(['status', 'send_at']).where('conversation_id', '=', conv).executeTakeFirstOrThrow();
    expect(held.status).toBe('scheduled');
    expect(Number(held.send_at)).toBeGreaterThan(Date.now());
    await item.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('held-replies').waitFor({ state: 'detached' });
    expect((await s.t.app.store.db.selectFrom('held_replies').select('status').where('conversation_id', '=', conv).executeTakeFirstOrThrow()).status).toBe(
      'cancelled',
    );
    expect(await outbound(conv)).toHaveLength(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
