import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { projectAll } from '../../src/metrics/rollup/project-stale.js';
import { reactors } from '../../src/processes/reactors.js';
import { testDialect } from '../../src/test/store.js';
import { conversationOf, signIn, startStack, type Stack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

describe(`reports split by a contact attribute (${testDialect})`, () => {
  it('shows a row per plan, and switches to another attribute', async () => {
    const api = (method: string, path: string, body?: unknown) => s.t.req(method, path, { token: s.w.token, body });
    expect((await api('POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] })).status).toBe(200);
    expect((await api('POST', '/api/v1/contact-attributes', { key: 'vip', label: 'VIP', type: 'boolean' })).status).toBe(200);
    for (const [id, name, plan] of [
      ['ra-1', 'Pia Pro', 'pro'],
      ['ra-2', 'Finn Free', 'free'],
      ['ra-3', 'Fay Free', 'free'],
    ] as const) {
      expect((await s.inbound({ from: { id, name }, text: 'Where is my parcel?' })).status).toBe(200);
      const conv = await (await api('GET', `/api/v1/conversations/${await conversationOf(s, name)}`)).json();
      expect((await api('PATCH', `/api/v1/contacts/${conv.contactId}`, { attributes: { plan, vip: plan === 'pro' } })).status).toBe(200);
    }
    await runReactors(s.t.app, reactors);
    await projectAll(s.t.app, s.w.workspaceId);

    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery', { width: 1440, height: 900 });
    page.setDefaultTimeout(10_000);
    await page.goto('/reports');
    const card = page.getByTestId('by-attribute');
    await card.getByRole('heading', { name: 'By contact attribute: Plan' }).waitFor();
    const row = (name: string) => card.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });
    await row('free').waitFor();
    expect(await row('free').locator('td[data-col=conversations]').textContent()).toBe('2');
    expect(await row('pro').locator('td[data-col=conversations]').textContent()).toBe('1');
    await card.getByLabel('Contact attribute').selectOption('vip');
    await card.getByRole('heading', { name: 'By contact attribute: VIP' }).waitFor();
    await row('Yes').waitFor();
    expect(await row('No').locator('td[data-col=conversations]').textContent()).toBe('2');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
