import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { childEnv, spawnHearken, until, waitForExit } from '../test/child.js';
import { journalDelivery } from './journal.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const countWhere = async (table: 'journal' | 'messages', status?: string) => {
  let q = t.app.store.db
    .selectFrom(table as 'journal')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', w.workspaceId);
  if (status) q = q.where('status', '=', status as 'pending');
  return Number((await q.executeTakeFirstOrThrow()).n);
};

describe(`crash during intake (${testDialect})`, () => {
  it('a worker killed mid-processing loses nothing and duplicates nothing after restart', async () => {
    const N = 2000;
    const now = Date.now();
    // Journal N deliveries (as the receiver would), some carrying 3 events including a duplicate.
    await t.app.store.db.transaction().execute(async (tx) => {
      for (let i = 0; i < N; i++) {
        const ev = buildInbound({ id: `crash-${i}`, from: { id: `cust-${i % 300}` }, text: `message ${i}` });
        const body = i % 10 === 0 ? { events: [ev, ev, buildInbound({ id: `crash-extra-${i}`, from: { id: `cust-${i % 300}` } })] } : ev;
        await journalDelivery(tx, { workspaceId: w.workspaceId, channelId: w.channelId, headers: {}, body: JSON.stringify(body), receivedAt: now });
      }
    });
    const expected = N + N / 10;

    const first = spawnHearken(childEnv(t, { HEARKEN_ROLES: 'worker' }));
    await until(async () => (await countWhere('journal', 'processed')) >= 200, 'the first worker to make progress');
    first.kill('SIGKILL');
    await waitForExit(first);
    const processedAtCrash = await countWhere('journal', 'processed');
    expect(processedAtCrash).toBeLessThan(N); // it really died mid-way
    expect(await countWhere('messages')).toBeLessThan(expected);

    const second = spawnHearken(childEnv(t, { HEARKEN_ROLES: 'worker' }));
    try {
      await until(async () => (await countWhere('journal', 'pending')) === 0, 'the journal to drain after restart', 120_000, 100);
    } finally {
      second.kill('SIGTERM');
      await waitForExit(second);
    }
    expect(await countWhere('journal', 'processed')).toBe(N);
    expect(await countWhere('messages')).toBe(expected);
    const received = await t.app.store.db
      .selectFrom('events')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'message.received')
      .executeTakeFirstOrThrow();
    expect(Number(received.n)).toBe(expected); // each message processed exactly once
  }, 180_000);
});
