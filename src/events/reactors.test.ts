import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as migrate0014 } from '../store/migrations/0014-reactor-cursors.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { appendEvent } from './append.js';
import type { LogEvent } from './read-log.js';
import { type Reactor, reactorCursor, reactorStatus, replayReactor, runReactor, runReactors } from './reactors.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const team = (name: string) =>
  appendEvent(t.app.store.db, {
    workspaceId: w.workspaceId,
    type: 'team.created',
    actorUserId: w.ownerId,
    data: { teamId: `t-${name}`, name },
    at: t.app.now(),
  });
const tag = () =>
  appendEvent(t.app.store.db, {
    workspaceId: w.workspaceId,
    type: 'conversation.tagged',
    conversationId: 'c1',
    data: { added: ['x'], removed: [] },
    at: t.app.now(),
  });

/** A reactor over team.created that records what it saw, and (idempotently) a row per event through its transaction. */
function recorder(name: string, o: { start?: 'now' | 'beginning'; failOn?: string } = {}) {
  const seen: LogEvent[] = [];
  const reactor: Reactor = {
    name,
    types: ['team.created'],
    start: o.start ?? 'beginning',
    async handle(_app, events, tx) {
      for (const e of events) {
        await sql`INSERT INTO reactor_cursors (name, last_event_id, updated_at) VALUES (${`${name}/seen/${e.id}`}, ${e.id}, 0) ON CONFLICT (name) DO NOTHING`.execute(
          tx,
        );
        if (o.failOn && e.data.includes(o.failOn)) throw new Error(`cannot handle ${o.failOn}`);
      }
      seen.push(...events);
      return events.length;
    },
  };
  const written = async () =>
    (await sql<{ name: string }>`SELECT name FROM reactor_cursors WHERE name LIKE ${`${name}/seen/%`}`.execute(t.app.store.db)).rows.length;
  return { reactor, seen, written };
}

describe(`reactors (${testDialect})`, () => {
  it('follow the log from their own cursor, in id order, reading only their types', async () => {
    const r = recorder('order');
    await team('a');
    await tag();
    await team('b');
    // First pass: no cursor yet; "beginning" starts at 0 and reads the whole log.
    const pass = await runReactor(t.app, r.reactor);
    expect(pass.events).toBe(pass.done);
    const names = r.seen.map((e) => JSON.parse(e.data).name);
    expect(names.slice(-2)).toEqual(['a', 'b']);
    expect(r.seen.every((e) => e.type === 'team.created')).toBe(true);
    const ids = r.seen.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    // The cursor moved to the end of the log (past the tag event it does not read): nothing again.
    expect(await reactorCursor(t.app.store.db, 'order')).toBeGreaterThanOrEqual(ids.at(-1)!);
    expect((await runReactor(t.app, r.reactor)).events).toBe(0);
    await team('c');
    expect((await runReactor(t.app, r.reactor)).events).toBe(1);
    expect(JSON.parse(r.seen.at(-1)!.data).name).toBe('c');
  });

  it('a reactor starting "now" reacts only to what comes after its first pass', async () => {
    const r = recorder('fresh', { start: 'now' });
    await team('before');
    await runReactor(t.app, r.reactor);
    expect(r.seen).toEqual([]);
    await team('after');
    await runReactor(t.app, r.reactor);
    expect(r.seen.map((e) => JSON.parse(e.data).name)).toEqual(['after']);
  });

  it('at least once: a page whose handler throws leaves the cursor and its writes unmoved, and is read again', async () => {
    const r = recorder('flaky', { start: 'now', failOn: 'poison' });
    await runReactor(t.app, r.reactor);
    const start = await reactorCursor(t.app.store.db, 'flaky');
    await team('fine');
    await team('poison');
    // One failing reactor does not stop the others.
    const other = recorder('steady', { start: 'now' });
    await runReactor(t.app, other.reactor);
    await team('next');
    expect(await runReactors(t.app, [r.reactor, other.reactor])).toBe(1);
    expect(await reactorCursor(t.app.store.db, 'flaky')).toBe(start);
    expect(await r.written()).toBe(0);
    expect(other.seen.map((e) => JSON.parse(e.data).name)).toEqual(['next']);
    // Fixed: the same events come again, and this time commit with the cursor.
    r.reactor.handle = recorder('flaky').reactor.handle;
    expect((await runReactor(t.app, r.reactor)).events).toBe(3);
    expect(await r.written()).toBe(3);
  });

  it('claims each range once however many processes run it at once (compare-and-set on the cursor)', async () => {
    const r = recorder('racing');
    await runReactor(t.app, r.reactor);
    const already = r.seen.length;
    for (let i = 0; i < 30; i++) await team(`race-${i}`);
    const passes = await Promise.all([1, 2, 3].map(() => runReactor(t.app, r.reactor, { pageSize: 7 })));
    // Whoever lost a claim stopped; a last pass picks up what the losers left.
    await runReactor(t.app, r.reactor, { pageSize: 7 });
    const fresh = r.seen.slice(already).map((e) => Number(e.id));
    expect(fresh.length).toBe(30);
    expect(new Set(fresh).size).toBe(30);
    expect(passes.reduce((n, p) => n + p.events, 0)).toBeLessThanOrEqual(30);
    expect(await r.written()).toBe(r.seen.length);
  });

  it('replay moves a cursor back (never forward); status shows cursor and lag', async () => {
    const r = recorder('replayed', { start: 'now' });
    await runReactor(t.app, r.reactor);
    await team('one');
    await team('two');
    const [before] = await reactorStatus(t.app, [r.reactor]);
    expect(before).toMatchObject({ name: 'replayed', lag: 2 });
    await runReactor(t.app, r.reactor);
    const [after] = await reactorStatus(t.app, [r.reactor]);
    expect(after.lag).toBe(0);
    const firstId = Number(r.seen[0].id);
    expect(await replayReactor(t.app, r.reactor, firstId)).toEqual({ from: after.cursor, to: firstId - 1 });
    expect((await reactorStatus(t.app, [r.reactor]))[0].lag).toBe(2);
    await runReactor(t.app, r.reactor);
    expect(r.seen.map((e) => JSON.parse(e.data).name)).toEqual(['one', 'two', 'one', 'two']);
    await expect(replayReactor(t.app, r.reactor, after.cursor! + 100)).rejects.toThrow('replay only moves a cursor back');
  });

  it('migration 0014 carries the SLA follower cursor over and starts the rollup marks at the end of the log', async () => {
    const db = t.app.store.db;
    await sql`DROP TABLE reactor_cursors`.execute(db);
    await sql`DELETE FROM sla_follower`.execute(db);
    await sql`INSERT INTO sla_follower (name, last_event_id, updated_at) VALUES ('sla', 42, 7)`.execute(db);
    await migrate0014(db, t.app.store.dialect);
    const max = Number((await sql<{ m: number }>`SELECT max(id) AS m FROM events`.execute(db)).rows[0].m);
    expect(await reactorCursor(db, 'sla')).toBe(42);
    expect(await reactorCursor(db, 'rollup')).toBe(max);
  });
});
