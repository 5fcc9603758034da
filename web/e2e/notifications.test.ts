import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { startReactorWorker } from '../../src/processes/reactor-worker.js';
import { reactors } from '../../src/processes/reactors.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, type Stack } from './harness.js';

/**
 * The notification centre in a browser (README "Notifications"): another member's assignment and
 * a rule's notify light the bell live; the panel lists them; opening one marks it read and opens
 * its conversation; "Mark all read" clears the count; Escape closes the panel.
 */
let s: Stack;
let stops: Array<() => Promise<void>> = [];
beforeAll(async () => {
  s = await startStack();
  await runReactors(s.t.app, reactors);
  // Enrichment and the reactors (the notifications and rules reactors among them), as `npm start` runs them.
  stops = [startEnrichWorker(s.t.app), startReactorWorker(s.t.app)];
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await s?.close();
});

describe(`notifications in a browser (${testDialect})`, () => {
  it("an assignment by another member and a rule's notify show under the bell; opening one reads it and opens the conversation", async () => {
    const agent = await s.member('agent', 'Ada Agent');
    expect((await s.inbound({ from: { id: 'nt-1', name: 'Nora Notified' }, text: 'Where is my parcel?' })).status).toBe(200);
    const conv = await conversationOf(s, 'Nora Notified', 8000);

    const { page, context, errors } = await signIn(s, agent.email, agent.password);
    page.setDefaultTimeout(8000);
    const bell = page.getByTestId('notifications-bell');
    await bell.waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    expect(await page.getByTestId('notifications-count').count()).toBe(0);

    // The owner assigns it to Ada: her bell counts it without a reload.
    expect((await s.t.req('POST', `/api/v1/conversations/${conv}/assign`, { token: s.w.token, body: { assigneeId: agent.userId } })).status).toBe(200);
    await page.getByTestId('notifications-count').filter({ hasText: '1' }).waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');

    await bell.click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel.waitFor();
    const item = panel.getByTestId('notification').filter({ hasText: 'Olivia Owner assigned a conversation to you' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Assigned');
    expect(await item.textContent()).toContain('unread');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await bell.click();
    await panel.getByTestId('notification').first().click();
    await page.waitForURL(`**/inbox/all/${conv}`);
    await page.getByTestId('notifications-count').waitFor({ state: 'detached' });
    expect(await panel.count()).toBe(0);

    // A rule that notifies Ada: its own text and name, live.
    const rule = await s.t.req('POST', '/api/v1/rules', {
      token: s.w.token,
      body: {
        name: 'Parcel questions',
        trigger: { type: 'message_received' },
        actions: [{ type: 'notify', userIds: [agent.userId], text: 'Parcel question came in' }],
      },
    });
    expect(rule.status).toBe(201);
    expect((await s.inbound({ from: { id: 'nt-2', name: 'Paul Parcel' }, text: 'My parcel is late' })).status).toBe(200);
    await page.getByTestId('notifications-count').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await bell.click();
    await panel.getByTestId('notification').filter({ hasText: 'Parcel question came in · rule “Parcel questions”' }).waitFor();
    expect(await panel.getByTestId('notification').count()).toBe(2);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByTestId('notifications-count').waitFor({ state: 'detached' });
    expect((await (await s.t.req('GET', '/api/v1/notifications?unread=true', { token: agent.token })).json()).unreadCount).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('Settings → Profile has a switch per kind and the e-mail switch; the rule editor offers "also by e-mail"', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto('/settings/profile');
    const email = page.getByLabel('Also send me these by e-mail (a rule that e-mails decides for itself)');
    await email.waitFor();
    expect(await email.isChecked()).toBe(false);
    await email.check();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    for (const label of ['An SLA breach I am told of', 'A reply waits for my approval', 'Automation rules that notify me'])
      expect(await page.getByLabel(label).isChecked()).toBe(true);
    const me = await (await s.t.req('GET', '/api/v1/me/settings', { token: s.w.token })).json();
    expect(me.notifications.email).toBe(true);

    await page.goto('/settings/automation');
    await page.getByRole('button', { name: 'New rule' }).click();
    const row = page.locator('form.auto-editor [data-testid=action-0]');
    await row.locator('select').first().selectOption('notify');
    await row.getByLabel('also by e-mail').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
