import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { MAX_ATTEMPTS } from './event-failures.js';
import { processJournalBatch } from './processor.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};

/**
 * Makes the database itself refuse a message whose text contains POISON, as PostgreSQL refuses
 * U+0000 in text: a real error from the database, raised at the message insert after the event
 * has already written its contact and conversation, inside the delivery's transaction (which
 * PostgreSQL then considers aborted unless the event ran in a savepoint of its own).
 */
const POISON = 'poison-pill';
async function refuseAtTheDatabase() {
  if (testDialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN NEW.body LIKE '%${POISON}%' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
      )
      .execute(t.app.store.db);
  } else {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW.body LIKE '%${POISON}%' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      )
      .execute(t.app.store.db);
    await sql.raw('CREATE TRIGGER refuse_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_poison()').execute(t.app.store.db);
  }
}
async function acceptAgain() {
  await sql.raw(testDialect === 'sqlite' ? 'DROP TRIGGER refuse_poison' : 'DROP TRIGGER refuse_poison ON messages').execute(t.app.store.db);
}

const messagesOf = (externalId: string) =>
  t.app.store.db.selectFrom('messages').select(['id', 'conversation_id']).where('external_id', '=', externalId).execute();
const received = async (conversationIds: string[]) =>
  Number(
    (
      await t.app.store.db
        .selectFrom('events')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('type', '=', 'message.received')
        .where('conversation_id', 'in', conversationIds)
        .executeTakeFirstOrThrow()
    ).n,
  );
const journalRow = (id: number) => t.app.store.db.selectFrom('journal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(`one bad event in a delivery (${testDialect})`, () => {
  it('the database refusing the middle event of a 3-customer delivery stores the other two and keeps the failure with its reason', async () => {
    await refuseAtTheDatabase();
    const [a, b, c] = [
      buildInbound({ from: { id: 'iso-a' } }),
      buildInbound({ from: { id: 'iso-b' }, text: `hello ${POISON}` }),
      buildInbound({ from: { id: 'iso-c' } }),
    ];
    const res = await deliver(t, w, { events: [a, b, c] });
    expect(res.status).toBe(200);
    const { journalId } = await res.json();
    await drain();

    expect(await messagesOf(a.id)).toHaveLength(1);
    expect(await messagesOf(c.id)).toHaveLength(1);
    expect(await messagesOf(b.id)).toHaveLength(0);
    // What the failed event had written before the refusal (its contact and conversation) was undone with it.
    const identityB = await t.app.store.db
      .selectFrom('identities')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('external_id', '=', 'iso-b')
      .execute();
    expect(identityB).toEqual([]);
    const convB = await t.app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('thread_key', 'like', '%:iso-b')
      .execute();
    expect(convB).toEqual([]);

    // Tried MAX_ATTEMPTS times on its own, then given up: the delivery is failed, with the reason.
    const entry = await journalRow(journalId);
    expect(entry.status).toBe('failed');
    expect(entry.error).toMatch(/^1 of 3 events failed \(event 1: .*refused by the test trigger/);
    const { failures } = await (await t.req('GET', '/api/v1/intake/failures', { token: w.token })).json();
    const listed = failures.find((f: { id: number }) => f.id === journalId);
    expect(listed.failedEvents).toHaveLength(1);
    expect(listed.failedEvents[0]).toMatchObject({ index: 1, attempts: MAX_ATTEMPTS });
    expect(listed.failedEvents[0].error).toMatch(/refused by the test trigger/);
    expect(JSON.parse(listed.failedEvents[0].event)).toMatchObject({ type: 'message', externalId: b.id, text: `hello ${POISON}` });

    // The network delivers the same batch again: nothing is stored twice, the bad event fails again on its own.
    const again = await deliver(t, w, { events: [a, b, c] });
    const second = (await again.json()).journalId as number;
    await drain();
    expect(await messagesOf(a.id)).toHaveLength(1);
    expect(await messagesOf(c.id)).toHaveLength(1);
    expect((await journalRow(second)).error).toMatch(/^1 of 3 events failed/);

    // After the fix, a replay retries only the failed events: the middle customer's message is stored once.
    await acceptAgain();
    const replay = await (await t.req('POST', '/api/v1/intake/replay', { token: w.token, body: { ids: [journalId, second] } })).json();
    expect(replay.requeued).toBe(2);
    await drain();
    const stored = await Promise.all([a, b, c].map((e) => messagesOf(e.id)));
    expect(stored.map((m) => m.length)).toEqual([1, 1, 1]);
    expect(await received(stored.map((m) => m[0]!.conversation_id))).toBe(3);
    for (const id of [journalId, second]) expect(await journalRow(id)).toMatchObject({ status: 'processed', error: null, next_event: 3 });
    const left = await t.app.store.db.selectFrom('journal_event_failures').select('event_index').where('journal_id', 'in', [journalId, second]).execute();
    expect(left).toEqual([]);
  });

  it('an event that fails once is retried on its own and stored once the failure passes', async () => {
    await refuseAtTheDatabase();
    const [a, b, c] = [
      buildInbound({ from: { id: 'retry-a' } }),
      buildInbound({ from: { id: 'retry-b' }, text: POISON }),
      buildInbound({ from: { id: 'retry-c' } }),
    ];
    const { journalId } = await (await deliver(t, w, { events: [a, b, c] })).json();
    // Until every event has had its first try (a transaction may end after any event).
    while ((await journalRow(journalId)).next_event < 3) expect(await processJournalBatch(t.app)).toBeGreaterThan(0);
    expect(await messagesOf(a.id)).toHaveLength(1);
    expect(await messagesOf(c.id)).toHaveLength(1);
    const failure = await t.app.store.db.selectFrom('journal_event_failures').selectAll().where('journal_id', '=', journalId).executeTakeFirstOrThrow();
    expect(failure).toMatchObject({ event_index: 1, status: 'retry', attempts: 1 });
    expect(await journalRow(journalId)).toMatchObject({ status: 'pending', next_event: 3 });

    await acceptAgain();
    await drain();
    const stored = await Promise.all([a, b, c].map((e) => messagesOf(e.id)));
    expect(stored.map((m) => m.length)).toEqual([1, 1, 1]);
    expect(await received(stored.map((m) => m[0]!.conversation_id))).toBe(3);
    expect(await journalRow(journalId)).toMatchObject({ status: 'processed', error: null });
  });
});
