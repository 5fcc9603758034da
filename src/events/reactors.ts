import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { log } from '../lib/log.js';
import type { DB } from '../store/schema.js';
import type { EventType } from './catalog.js';
import { horizonOf } from './horizon.js';
import { type LogEvent, readLogPage } from './read-log.js';

/**
 * Whatever reacts to what happened follows the event log as a reactor: from its own durable
 * cursor (reactor_cursors), in id order, only up to the safe horizon (events/horizon.ts), so an
 * event that commits late is never stepped over. Guarantees and how to add one: docs/events.md.
 */
export interface Reactor {
  /** Stable: it names the cursor row. */
  name: string;
  /** The types it reads; the cursor moves past every other event without reading it. */
  types: readonly EventType[];
  /**
   * Where a reactor without a cursor starts: at the current horizon (it reacts to what happens
   * from now on) or at the beginning of the log (it catches up on all of history first).
   */
  start: 'now' | 'beginning';
  /**
   * Handles one page of events (never empty), in id order, inside the transaction that moves its
   * cursor past them: its database writes go through `tx` and commit together with the cursor.
   * Work outside the database belongs in a job enqueued through `tx`. At least once: a page whose
   * handler throws is read again next time, and `reactors replay` reads pages again on purpose,
   * so handlers must be idempotent. Returns how much it did (for logs and tests).
   */
  handle(app: App, events: LogEvent[], tx: Kysely<DB>): Promise<number>;
  /** After the page's transaction committed (wake-ups: e.g. poke the job worker). */
  afterCommit?(app: App, done: number): void;
}

/** reactor_cursors (migration 0014), kept beside the code that owns it. */
export interface ReactorCursorTable {
  name: string;
  last_event_id: number;
  updated_at: number;
}
const cursorsDb = (db: Kysely<DB>) => db.withTables<{ reactor_cursors: ReactorCursorTable }>();

/**
 * Events read per claim: one transaction per page keeps a claim short. On SQLite a page's
 * transaction also holds the event loop (the one connection is synchronous), and every webhook
 * acknowledgement waits behind it: 500 events took 40–120 ms there, 100 take a fifth of that.
 */
export const REACTOR_PAGE = 500;
const SHARED_WRITER_PAGE = 100;

export interface ReactorPass {
  /** Events handled (claimed and committed). */
  events: number;
  /** The sum of what the handler returned. */
  done: number;
}

/**
 * Reads a reactor's log up to the horizon (a bounded number of pages per call). Any number of
 * processes may run this at once: each page is claimed by moving the cursor with a
 * compare-and-set in the page's transaction, so a range is handled by one of them; the others'
 * claims fail and they stop this pass.
 */
export async function runReactor(app: App, reactor: Reactor, o: { maxPages?: number; pageSize?: number } = {}): Promise<ReactorPass> {
  const pass: ReactorPass = { events: 0, done: 0 };
  for (let i = 0; i < (o.maxPages ?? 20); i++) {
    const step = await runPage(app, reactor, o.pageSize ?? (app.store.dialect.sharedWriter ? SHARED_WRITER_PAGE : REACTOR_PAGE));
    pass.events += step.events;
    pass.done += step.done;
    if (!step.more) break;
    // Let pending I/O (webhooks to acknowledge) run between pages: on SQLite nothing else would.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return pass;
}

async function runPage(app: App, reactor: Reactor, pageSize: number): Promise<ReactorPass & { more: boolean }> {
  const now = app.now();
  const { safe } = await horizonOf(app.store).read();
  const cursor = await readCursor(app.store.db, reactor.name);
  if (cursor === undefined) {
    const from = reactor.start === 'now' ? Math.max(0, safe) : 0;
    await cursorsDb(app.store.db)
      .insertInto('reactor_cursors')
      .values({ name: reactor.name, last_event_id: from, updated_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return { events: 0, done: 0, more: reactor.start === 'beginning' };
  }
  if (safe <= cursor) return { events: 0, done: 0, more: false };
  const { events, upTo } = await readLogPage(app.store.db, { after: cursor, safe, limit: pageSize, types: reactor.types });
  const done = await app.store.db.transaction().execute(async (tx) => {
    const claimed = await cursorsDb(tx)
      .updateTable('reactor_cursors')
      .set({ last_event_id: upTo, updated_at: now })
      .where('name', '=', reactor.name)
      .where('last_event_id', '=', cursor)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return null; // another process took this range
    return events.length ? await reactor.handle(app, events, tx) : 0;
  });
  if (done === null) return { events: 0, done: 0, more: false };
  if (events.length) reactor.afterCommit?.(app, done);
  return { events: events.length, done, more: upTo < safe };
}

/** Runs every reactor once (up to the horizon); one reactor's failure does not hold up the others. */
export async function runReactors(app: App, reactors: readonly Reactor[]): Promise<number> {
  let events = 0;
  for (const r of reactors) {
    try {
      events += (await runReactor(app, r)).events;
      await new Promise<void>((resolve) => setImmediate(resolve));
    } catch (err) {
      // Its cursor did not move: the same page is tried again at the next pass.
      log.error('reactor failed', { reactor: r.name, err: String(err) });
    }
  }
  return events;
}

async function readCursor(db: Kysely<DB>, name: string): Promise<number | undefined> {
  const row = await cursorsDb(db).selectFrom('reactor_cursors').select('last_event_id').where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : Number(row.last_event_id);
}

export interface ReactorStatus {
  name: string;
  /** null: it has not run yet. */
  cursor: number | null;
  /** Events past its cursor that it reads (of its types), up to the log's current end. */
  lag: number;
  updatedAt: number | null;
}

/** Where each reactor stands (`hearken reactors`). */
export async function reactorStatus(app: App, reactors: readonly Reactor[]): Promise<ReactorStatus[]> {
  const rows = await cursorsDb(app.store.db).selectFrom('reactor_cursors').selectAll().execute();
  const byName = new Map(rows.map((r) => [r.name, r]));
  const out: ReactorStatus[] = [];
  for (const r of reactors) {
    const row = byName.get(r.name);
    const cursor = row ? Number(row.last_event_id) : null;
    let q = app.store.db
      .selectFrom('events')
      .select((e) => e.fn.countAll().as('n'))
      .where('id', '>', cursor ?? 0);
    if (r.types.length) q = q.where('type', 'in', [...r.types]);
    const lag = Number((await q.executeTakeFirstOrThrow()).n);
    out.push({ name: r.name, cursor, lag, updatedAt: row ? Number(row.updated_at) : null });
  }
  return out;
}

/**
 * Moves a reactor's cursor back so that its next pass reads again every event from `fromEventId`
 * on (after a fix to its handler, say; its handler is idempotent). Only back: moving a cursor
 * forward would skip events, which no command should make that easy.
 */
export async function replayReactor(app: App, reactor: Reactor, fromEventId: number): Promise<{ from: number | null; to: number }> {
  const before = await readCursor(app.store.db, reactor.name);
  const to = Math.max(0, fromEventId - 1);
  if (before !== undefined && to > before) throw new Error(`${reactor.name} is at event ${before}: replay only moves a cursor back`);
  await cursorsDb(app.store.db)
    .insertInto('reactor_cursors')
    .values({ name: reactor.name, last_event_id: to, updated_at: app.now() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_event_id: to, updated_at: app.now() }))
    .execute();
  return { from: before ?? null, to };
}

/** The cursor of one reactor, as stored (null until it first runs). */
export async function reactorCursor(db: Kysely<DB>, name: string): Promise<number | null> {
  return (await readCursor(db, name)) ?? null;
}
