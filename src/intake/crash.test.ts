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

  it('a worker killed in the middle of a 1,000-event delivery resumes where its last commit was: nothing lost, nothing twice', async () => {
    const D = 4;
    const E = 1000;
    const now = Date.now();
    const ids: number[] = [];
    for (let d = 0; d < D; d++) {
      const events = Array.from({ length: E }, (_, i) =>
        buildInbound({ id: `big-crash-${d}-${i}`, from: { id: `big-cust-${(d * E + i) % 400}` }, text: `big ${d}/${i}` }),
      );
      ids.push(
        await journalDelivery(t.app.store.db, {
          workspaceId: w.workspaceId,
          channelId: w.channelId,
          headers: {},
          body: JSON.stringify({ events }),
          receivedAt: now,
        }),
      );
    }
    const bigMessages = async () =>
      Number(
        (
          await t.app.store.db
            .selectFrom('messages')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', w.workspaceId)
            .where('external_id', 'like', 'big-crash-%')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const entries = () => t.app.store.db.selectFrom('journal').select(['status', 'next_event']).where('id', 'in', ids).execute();

    const first = spawnHearken(childEnv(t, { HEARKEN_ROLES: 'worker' }));
    // Killed once some delivery is part way through (its place committed, its end not reached).
    await until(async () => (await entries()).some((e) => e.status === 'pending' && e.next_event > 0), 'a delivery to be half done', 60_000, 5);
    first.kill('SIGKILL');
    await waitForExit(first);
    const atCrash = await entries();
    expect(atCrash.some((e) => e.status === 'pending')).toBe(true); // it really died mid-way
    // What was committed is exactly what the recorded places say: the events before each place, no more.
    expect(await bigMessages()).toBe(atCrash.reduce((n, e) => n + e.next_event, 0));

    const second = spawnHearken(childEnv(t, { HEARKEN_ROLES: 'worker' }));
    try {
      await until(async () => (await entries()).every((e) => e.status === 'processed'), 'the big deliveries to be processed after restart', 120_000, 100);
    } finally {
      second.kill('SIGTERM');
      await waitForExit(second);
    }
    expect((await entries()).every((e) => e.next_event === E)).toBe(true);
    expect(await bigMessages()).toBe(D * E);
    // Each message was processed exactly once: one message.received event apiece.
    const received = await t.app.store.db
      .selectFrom('events')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'message.received')
      .where('data', 'like', '%"externalId":"big-crash-%')
      .executeTakeFirstOrThrow();
    expect(Number(received.n)).toBe(D * E);
  }, 180_000);
});
