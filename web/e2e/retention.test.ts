import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../src/events/reactors.js';
import { projectAll } from '../../src/metrics/rollup/project-stale.js';
import { reactors } from '../../src/processes/reactors.js';
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

const DAY = 86_400_000;

describe(`data retention settings in the browser (${testDialect})`, () => {
  it('an admin sets how long resolved conversations are kept, runs it now and reads what was removed', async () => {
    // A conversation answered and resolved two months ago (the app's clock moved back while it happens).
    const realNow = s.t.app.now;
    s.t.app.now = () => Date.now() - 60 * DAY;
    try {
      expect((await s.inbound({ from: { id: 'ret-old', name: 'Olga Old' }, text: 'Where is my order from March?' })).status).toBe(200);
      const id = await conversationOf(s, 'Olga Old');
      const r = await s.t.req('POST', `/api/v1/conversations/${id}/replies`, { token: s.w.token, body: { text: 'Delivered!', thenStatus: 'resolved' } });
      expect(r.status).toBe(201);
      await until(async () => {
        const c = await (await s.t.req('GET', `/api/v1/conversations/${id}`, { token: s.w.token })).json();
        return c.messages?.some((m: { direction: string; deliveryStatus: string }) => m.direction === 'out' && m.deliveryStatus === 'sent');
      }, 10_000);
    } finally {
      s.t.app.now = realNow;
    }
    // The reactors and the rollup projector, as the worker role would run them.
    await runReactors(s.t.app, reactors);
    await projectAll(s.t.app, s.w.workspaceId);
    expect((await s.inbound({ from: { id: 'ret-new', name: 'Nina New' }, text: 'Do you ship to Porto?' })).status).toBe(200);
    await conversationOf(s, 'Nina New');

    const { page, context, errors } = await signIn(s, s.ownerEmail, 'correct horse battery');
    page.setDefaultTimeout(8000);
    await page.goto('/settings/audit');
    await page.getByRole('link', { name: 'Data retention' }).click();
    await page.getByRole('heading', { name: 'Data retention' }).waitFor();
    await page.getByTestId('retention-last-run').getByText('Not run yet.').waitFor();
    const field = page.getByLabel('Resolved conversations: days kept');
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('placeholder')).toBe('forever');
    await page.getByText('Open conversations are never deleted; contacts stay. At least 30 days.').waitFor();
    await field.fill('30');
    await page.getByLabel('Raw deliveries: days kept').fill('14');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await (await s.t.req('GET', '/api/v1/retention', { token: s.w.token })).json()).toMatchObject({
      conversationsDays: 30,
      journalDays: 14,
      eventsDays: null,
      mediaDays: null,
    });

    await page.getByRole('button', { name: 'Run now' }).click();
    // asked in the app's own dialog (components/dialog.tsx), not the browser's
    const ask = page.getByRole('alertdialog', { name: 'Run now' });
    await ask.getByRole('button', { name: 'Run now' }).click();
    const last = page.getByTestId('retention-last-run');
    await last.getByText(/^Removed 1 conversations \(2 messages\), \d+ events, \d+ raw deliveries, 0 stored attachments and uploads, 0 files\.$/).waitFor();
    await last.getByText(/\(Run now\)$/).waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/retention-settings-${testDialect}.png`, fullPage: true });

    // The old conversation is gone; the new one stays.
    const list = await (await s.t.req('GET', '/api/v1/conversations?limit=100&status=open,pending,resolved,snoozed', { token: s.w.token })).json();
    expect(list.conversations.map((c: { contact: { name: string } }) => c.contact.name)).toEqual(['Nina New']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an agent is told their role cannot change it', async () => {
    const agent = await s.member('agent', 'Ari Agent');
    const { page, context, errors } = await signIn(s, agent.email, agent.password);
    await page.goto('/settings/retention');
    await page.getByText('Your role cannot change this.').waitFor();
    expect(await page.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
