import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildWorkspace, deliver } from '../../src/test/app.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, until, type Stack } from './harness.js';

/** Sign-in level features: the workspace switcher, saved custom filters, browser notifications. */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`workspaces, saved views and notifications in a browser (${testDialect})`, () => {
  it('switches workspace: the queue shows only the chosen workspace, and the role there applies', async () => {
    const other = await buildWorkspace(s.t, { name: 'Second Shop' });
    await s.t.app.store.db
      .insertInto('memberships')
      .values({ workspace_id: other.workspaceId, user_id: s.w.ownerId, role: 'viewer', created_at: Date.now() })
      .execute();
    await deliver(s.t, other, buildInbound({ from: { id: 'ws2-1', name: 'Wendy Second' }, text: 'Hello from the second shop' }));
    await s.inbound({ from: { id: 'ws1-1', name: 'Frank First' }, text: 'Hello from the first shop' });
    await conversationOf(s, 'Frank First');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]', { hasText: 'Frank First' }).waitFor();
    await page.getByLabel('Workspace').selectOption({ label: 'Second Shop' });
    await page.locator('[data-testid=queue-row]', { hasText: 'Wendy Second' }).waitFor();
    expect(await page.locator('[data-testid=queue-row]', { hasText: 'Frank First' }).count()).toBe(0);
    // a viewer there: reading is fine, replying is not offered
    await page.locator('[data-testid=queue-row]', { hasText: 'Wendy Second' }).locator('.row-main').click();
    await page.getByRole('note').filter({ hasText: 'your role cannot reply' }).waitFor();
    await page.getByLabel('Workspace').selectOption({ label: 'Acme' });
    await page.locator('[data-testid=queue-row]', { hasText: 'Frank First' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an invitation from another workspace shows in the sidebar; joining adds that workspace to the switcher', async () => {
    const inviting = await buildWorkspace(s.t, { name: 'Inviting Shop' });
    const res = await s.t.req('POST', '/api/v1/members', { token: inviting.token, body: { email: s.ownerEmail, name: 'Ignored', role: 'agent' } });
    expect(res.status).toBe(202);
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    const invitations = page.getByRole('region', { name: 'Invitations' });
    await invitations.getByText('Inviting Shop invites you as Agent').waitFor();
    await invitations.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('status').filter({ hasText: 'You joined Inviting Shop' }).waitFor();
    await page.getByLabel('Workspace').locator('option', { hasText: 'Inviting Shop' }).waitFor({ state: 'attached' });
    const member = await s.t.app.store.db
      .selectFrom('memberships')
      .select('role')
      .where('workspace_id', '=', inviting.workspaceId)
      .where('user_id', '=', s.w.ownerId)
      .executeTakeFirst();
    expect(member?.role).toBe('agent');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves the current filters as a view, which lists only what matches, and deletes it', async () => {
    await s.inbound({ from: { id: 'sv-1', name: 'Cora Comment' }, text: 'Nice post', conversation: { kind: 'comment', item_id: 'post-sv' } });
    await s.inbound({ from: { id: 'sv-2', name: 'Dan Direct' }, text: 'A private question' });
    await conversationOf(s, 'Dan Direct');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/kind-comment?sort=oldest_waiting');
    await page.locator('[data-testid=queue-row]', { hasText: 'Cora Comment' }).waitFor();
    await page.getByRole('button', { name: /Save this view/ }).click();
    // the app's own dialog (components/dialog.tsx), not the browser's prompt
    const ask = page.getByRole('dialog', { name: 'Save this view' });
    await ask.getByLabel('Name of the view').fill('Comments, oldest first');
    await ask.getByRole('button', { name: 'OK' }).click();
    const link = page.getByRole('link', { name: 'Comments, oldest first' });
    await link.waitFor();
    await page.goto('/inbox/all');
    await page.locator('[data-testid=queue-row]', { hasText: 'Dan Direct' }).waitFor();
    await link.click();
    await page.locator('[data-testid=queue-row]', { hasText: 'Cora Comment' }).waitFor();
    expect(await page.locator('[data-testid=queue-row]', { hasText: 'Dan Direct' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Delete view Comments, oldest first' }).click();
    await link.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('bulk: tags and assigns several conversations at once', async () => {
    await s.inbound({ from: { id: 'bk-1', name: 'Bulk One' }, text: 'first' });
    await s.inbound({ from: { id: 'bk-2', name: 'Bulk Two' }, text: 'second' });
    await conversationOf(s, 'Bulk Two');
    await s.member('agent', 'Bea Bulk');
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    await page.goto('/inbox/all');
    const rows = page.locator('[data-testid=queue-row]').filter({ hasText: /Bulk (One|Two)/ });
    await rows.nth(1).waitFor();
    const pick = async () => {
      await page.getByRole('checkbox', { name: 'Select conversation with Bulk One' }).check();
      await page.getByRole('checkbox', { name: 'Select conversation with Bulk Two' }).check();
    };
    await pick();
    const bar = page.getByRole('toolbar');
    await bar.getByLabel('Add tag').fill('vip');
    await bar.getByRole('button', { name: 'Add tag' }).click();
    await until(async () => (await rows.filter({ hasText: '#vip' }).count()) === 2);
    await pick();
    await bar.getByLabel('Assign selected to').selectOption({ label: 'Bea Bulk' });
    await until(async () => (await rows.locator('[aria-label="Assigned to Bea Bulk"]').count()) === 2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('notifies in the browser on assignment and @mention with our own text, and honours the per-user setting', async () => {
    await s.inbound({ from: { id: 'nt-1', name: 'Nora Notify' }, text: 'SECRET customer text 4111' });
    const id = await conversationOf(s, 'Nora Notify');
    const nina = await s.member('agent', 'Nina Agent');
    const { page, context, errors } = await signIn(s, nina.email, nina.password);
    // A stand-in for the browser's Notification API (installed on every load) that records what would be shown.
    await context.addInitScript(() => {
      const list: Array<{ title: string; body?: string }> = [];
      (window as unknown as { __shown: typeof list }).__shown = list;
      (window as unknown as { Notification: unknown }).Notification = class {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, opts?: { body?: string }) {
          list.push({ title, body: opts?.body });
        }
        close() {}
      };
    });
    await page.goto('/inbox/mine');
    const shown = () => page.evaluate(() => (window as unknown as { __shown?: Array<{ title: string; body?: string }> }).__shown ?? []);
    await page.locator('nav.sidebar').waitFor();
    await page.waitForTimeout(300);
    expect((await s.t.req('POST', `/api/v1/conversations/${id}/assign`, { token: s.w.token, body: { assigneeId: nina.userId } })).status).toBe(200);
    await until(async () => (await shown()).some((n) => n.title === 'Assigned to you'));
    expect(
      (
        await s.t.req('POST', `/api/v1/conversations/${id}/notes`, {
          token: s.w.token,
          body: { text: '@Nina Agent can you take this?', mentions: [nina.userId] },
        })
      ).status,
    ).toBe(201);
    await until(async () => (await shown()).some((n) => n.title === 'Olivia Owner mentioned you'));
    expect(JSON.stringify(await shown())).not.toContain('SECRET');
    // switched off for assignments: no new one
    expect((await s.t.req('PATCH', '/api/v1/me/settings', { token: nina.token, body: { notifications: { assignments: false, mentions: true } } })).status).toBe(
      200,
    );
    await page.reload();
    await page.locator('nav.sidebar').waitFor();
    await page.waitForTimeout(500);
    await s.t.req('POST', `/api/v1/conversations/${id}/assign`, { token: s.w.token, body: { assigneeId: null } });
    await s.t.req('POST', `/api/v1/conversations/${id}/assign`, { token: s.w.token, body: { assigneeId: nina.userId } });
    await s.t.req('POST', `/api/v1/conversations/${id}/notes`, { token: s.w.token, body: { text: '@Nina Agent again', mentions: [nina.userId] } });
    await until(async () => (await shown()).some((n) => n.title === 'Olivia Owner mentioned you'));
    expect((await shown()).some((n) => n.title === 'Assigned to you')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
