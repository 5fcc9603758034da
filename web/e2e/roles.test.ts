import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/** Settings → Roles, giving a custom role to a member, and what that member's app then offers. */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`custom roles in a browser (${testDialect})`, () => {
  it('an admin creates a role, gives it to a member; that member may note but sees the reply box disabled, with the reason', async () => {
    const rita = await s.member('agent', 'Rita Roles');
    await s.inbound({ from: { id: 'roles-1', name: 'Nina Note' }, text: 'Is my refund on its way?' });
    const convId = await conversationOf(s, 'Nina Note');

    const admin = await signIn(s, s.ownerEmail, PASSWORD);
    await admin.page.goto('/settings/roles');
    await admin.page.getByRole('button', { name: 'New role' }).click();
    const editor = admin.page.getByRole('form', { name: 'New role' });
    await editor.getByLabel('Name', { exact: true }).fill('Note taker');
    await editor.getByLabel('Description', { exact: true }).fill('Reads and leaves notes');
    // "Read conversations" is ticked for a new role; add notes.
    expect(await editor.getByRole('checkbox', { name: /Read conversations/ }).isChecked()).toBe(true);
    await editor.getByRole('checkbox', { name: /Leave notes/ }).check();
    mkdirSync(SHOTS_DIR, { recursive: true });
    await admin.page.screenshot({ path: `${SHOTS_DIR}/roles-editor-${testDialect}.png`, fullPage: true });
    await editor.getByRole('button', { name: 'Save role' }).click();
    await admin.page.locator('[data-testid=custom-role]', { hasText: 'Note taker' }).waitFor();

    await admin.page.goto('/settings/members');
    await admin.page.getByLabel('Role: Rita Roles').selectOption({ label: 'Note taker (custom)' });
    const role = await until(async () => {
      const m = await s.t.app.store.db.selectFrom('memberships').select(['role', 'role_id']).where('user_id', '=', rita.userId).executeTakeFirst();
      return m?.role === 'custom' ? m : null;
    });
    expect(role.role_id).toBeTruthy();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const member = await signIn(s, rita.email, rita.password);
    await member.page.goto(`/inbox/all/${convId}`);
    const denied = member.page.getByTestId('reply-denied');
    await denied.waitFor();
    expect(await denied.textContent()).toBe('Your role cannot reply to this conversation: it needs “Reply in private”.');
    expect(await member.page.getByRole('tab', { name: 'Reply' }).isDisabled()).toBe(true);
    expect(await member.page.getByRole('tab', { name: 'Note' }).getAttribute('aria-selected')).toBe('true');
    expect(await member.page.getByLabel('Assignee').isDisabled()).toBe(true);
    await member.page.screenshot({ path: `${SHOTS_DIR}/roles-reply-denied-${testDialect}.png` });
    await member.page.getByLabel(/Write a note for your team/).fill('Refund was sent on Monday');
    await member.page.getByRole('button', { name: 'Add note' }).click();
    await member.page.locator('[data-testid=message][data-direction=note]', { hasText: 'Refund was sent on Monday' }).waitFor();
    const notes = await until(async () => {
      const rows = await s.t.app.store.db.selectFrom('messages').select('body').where('conversation_id', '=', convId).where('direction', '=', 'note').execute();
      return rows.length ? rows : null;
    });
    expect(notes.map((n) => n.body)).toEqual(['Refund was sent on Monday']);
    // Settings they cannot change say so.
    await member.page.goto('/settings/roles');
    await member.page.getByText('Your role cannot change this.').waitFor();
    expect(await member.page.getByRole('button', { name: 'New role' }).count()).toBe(0);
    expect(member.errors).toEqual([]);
    await member.context.close();
  });
});
