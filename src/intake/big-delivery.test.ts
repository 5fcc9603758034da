import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from './processor.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const count = async (table: 'messages' | 'search_docs') =>
  Number(
    (
      await t.app.store.db
        .selectFrom(table)
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const receivedEvents = async () =>
  Number(
    (
      await t.app.store.db
        .selectFrom('events')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .where('type', '=', 'message.received')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`a 1,000-event delivery (${testDialect})`, () => {
  it('is worked in several short transactions, each committing its events with the place it got to, and stored exactly once', async () => {
    const N = 1000;
    const events = Array.from({ length: N }, (_, i) => buildInbound({ id: `big-${i}`, from: { id: `big-cust-${i % 120}` }, text: `message ${i}` }));
    const res = await deliver(t, w, { events });
    expect(res.status).toBe(200);
    const { journalId } = await res.json();

    // One call works for about TX_BUDGET_MS, not for the whole delivery (the acknowledgements wait behind it).
    expect(await processJournalBatch(t.app)).toBe(1);
    const entry = await t.app.store.db.selectFrom('journal').selectAll().where('id', '=', journalId).executeTakeFirstOrThrow();
    expect(entry.status).toBe('pending');
    expect(entry.next_event).toBeGreaterThan(0);
    expect(entry.next_event).toBeLessThan(N);
    // The place recorded is exactly what was stored: a crash now would redo the rest and nothing else.
    expect(await count('messages')).toBe(entry.next_event);

    let calls = 1;
    while ((await processJournalBatch(t.app)) > 0) calls++;
    expect(calls).toBeGreaterThan(2);
    expect(await t.app.store.db.selectFrom('journal').selectAll().where('id', '=', journalId).executeTakeFirstOrThrow()).toMatchObject({
      status: 'processed',
      next_event: N,
      error: null,
    });
    expect(await count('messages')).toBe(N);
    expect(await count('search_docs')).toBe(N);
    expect(await receivedEvents()).toBe(N);

    // The network sends it again: nothing is stored twice.
    expect((await deliver(t, w, { events })).status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    expect(await count('messages')).toBe(N);
    expect(await receivedEvents()).toBe(N);
  }, 120_000);
});
