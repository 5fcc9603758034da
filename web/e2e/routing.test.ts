import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWaiting } from '../../src/routing/testing.js';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, until, type Stack } from './harness.js';

/** Availability set in the sidebar, and a lead's live board following it and the team queue. */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const PASSWORD = 'correct horse battery';

describe(`availability and the live board in a browser (${testDialect})`, () => {
  it('an agent sets busy then online in the sidebar; the lead’s board shows it live, with the waiting queue', async () => {
    const ana = await s.member('agent', 'Ana Avail');
    const token = s.w.token;
    const team = await (await s.t.req('POST', '/api/v1/teams', { token, body: { name: 'Frontline' } })).json();
    await s.t.req('POST', `/api/v1/teams/${team.id}/members`, { token, body: { userId: ana.userId } });
    const put = await s.t.req('PUT', `/api/v1/teams/${team.id}/routing`, { token, body: { mode: 'manual', capacity: { chat: 6 } } });
    expect(put.status).toBe(200);

    const agent = await signIn(s, ana.email, ana.password);
    const select = agent.page.getByLabel('Your availability');
    // The app's first heartbeat makes her online (a loaded CI machine can take seconds to boot the app).
    await until(async () => (await select.inputValue()) === 'online', 20_000);
    await select.selectOption('busy');
    await until(async () => {
      const r = await s.t.app.store.db.selectFrom('member_availability').select('status').where('user_id', '=', ana.userId).executeTakeFirst();
      return r?.status === 'busy';
    }, 10_000);

    const lead = await signIn(s, s.ownerEmail, PASSWORD);
    await lead.page.getByRole('link', { name: 'Live board' }).click();
    const row = lead.page.getByRole('table', { name: 'Agents of Frontline' }).getByRole('row', { name: /Ana Avail/ });
    await until(async () => /Busy/.test((await row.textContent()) ?? ''), 10_000);
    expect(await row.textContent()).toMatch(/0 \/ 6/);
    const waiting = lead.page.getByTestId('waiting-Frontline');
    expect(await waiting.textContent()).toMatch(/Waiting: 0/);

    // Live, without reloading: her choice, and a conversation arriving in the team's queue.
    await select.selectOption('online');
    await until(async () => /Online/.test((await row.textContent()) ?? ''), 10_000);
    await buildWaiting(s.t.app, { workspaceId: s.w.workspaceId, channelId: s.w.channelId, teamId: team.id, waitingSince: Date.now() - 5 * 60_000 });
    s.t.app.bus.poke(s.w.workspaceId);
    await until(async () => /Waiting: 1/.test((await waiting.textContent()) ?? ''), 10_000);
    expect(await waiting.textContent()).toMatch(/oldest waits 5 min/);
    mkdirSync(SHOTS_DIR, { recursive: true });
    await lead.page.screenshot({ path: `${SHOTS_DIR}/routing-board-${testDialect}.png`, fullPage: true });
    expect(agent.errors).toEqual([]);
    expect(lead.errors).toEqual([]);
    await agent.context.close();
    await lead.context.close();
  }, 90_000);
});
