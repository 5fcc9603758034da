import type { Kysely, Transaction } from 'kysely';
import type { App } from '../app.js';
import type { LoadedChannel } from '../channels/load-channel.js';
import { log } from '../lib/log.js';
import type { DB, JournalTable } from '../store/schema.js';
import type { Selectable } from 'kysely';
import type { IntakeContext } from './apply-message.js';
import { applyDelivery } from './apply-delivery.js';
import { MAX_ATTEMPTS, failureSummary, reasonOf, requeueFailedEvents } from './event-failures.js';
import { enqueueJob } from '../jobs/queue.js';
import { inboundFollowupJob } from '../auto-replies/after-inbound.js';
import { followupWanted } from '../auto-replies/followup-wanted.js';
import { prepared, runDirectly } from '../store/prepared.js';
import { dialectOf } from '../store/dialects/index.js';
import type { InboundEvent } from '../channels/contract/inbound.js';
import { cleanDeep } from '../lib/clean-text.js';
import { OFF_THREAD_BYTES, parseDelivery } from './parse-off-thread.js';
import { threadKey } from './threading.js';
import { contactKey } from '../contacts/resolve-contact.js';

/** A claimed entry without its payload: a delivery carried on from the last transaction is not read again. */
type Row = Omit<Selectable<JournalTable>, 'body' | 'headers'>;
const ROW_COLUMNS = ['id', 'workspace_id', 'channel_id', 'received_at', 'status', 'attempts', 'error', 'processed_at', 'next_event'] as const;

/**
 * How long one transaction keeps going. In embedded mode the receiver and the worker share one
 * SQLite connection, and a transaction runs without letting the event loop turn, so a webhook
 * that arrives meanwhile is acknowledged only after the commit: this budget bounds that wait.
 * A transaction ends after the event during which its budget ran out, in the middle of a
 * delivery too (journal.next_event keeps the place): a delivery of 1,000 events once held every
 * acknowledgement for its whole length, 6.5–9.5 s on SQLite (issue 17).
 */
export const TX_BUDGET_MS = 10;
/**
 * A commit writes every page the transaction dirtied to the WAL, and the conversation indexes
 * make that several random pages per message: at 10 ms a transaction, commits were a quarter of
 * intake's CPU (bench/stmt-profile.ts). When the worker is behind (BACKLOG_ENTRIES deliveries
 * waiting: a burst, a restart after downtime) it works in longer transactions, which write each
 * hot page once for more messages and drain the backlog faster (CPU per message, in-process:
 * 10 ms ~195 µs, 40 ms ~183 µs, 100 ms ~170 µs); acknowledgements then wait up to this long.
 * It was 100 ms; but a backlog is common exactly when acknowledgements matter (big deliveries
 * arriving while small ones wait), and 30 ms keeps most of the gain while a webhook waits a third.
 */
export const BACKLOG_TX_BUDGET_MS = 30;
export const BACKLOG_ENTRIES = 100;
/** Entries read per claim: a few, since the budget often ends a transaction before many are used. */
const CLAIM_CHUNK = 4;
/**
 * PostgreSQL with several workers: each transaction claims once, takes the locks of every thread
 * and contact its entries will touch in one ordered statement (lockAhead), and applies at most
 * ORDERED_PASS_EVENTS events of a delivery — the ones it locked for. Taken one by one as events
 * came, two workers' locks crossed (deadlocks, found after PostgreSQL's 1 s deadlock_timeout, and
 * the batch redone entry by entry) and two workers created the same contact at once (unique
 * conflicts): retried without loss, but not rare (issue 17, defect 8).
 */
const ORDERED_CLAIM_CHUNK = 16;
const ORDERED_PASS_EVENTS = 256;

/**
 * Processes pending journal entries: parse → dedupe → contact → thread → store, event by event.
 * An event that fails is undone alone (the batch is redone with each event in a savepoint of its
 * own, apply-delivery.ts), kept with its reason (event-failures.ts) and retried with its
 * delivery, while the others are stored.
 * How far a delivery has got (journal.next_event), its failed events and, once every event is
 * settled, its status are written in the SAME transaction as the events' effects. A crash at any
 * point rolls back to the last commit, so a restart redoes exactly the unfinished events, and
 * dedupe by external id makes a redelivery harmless. An unparseable payload is marked failed
 * with its reason and never blocks the entries behind it.
 *
 * Works on up to `limit` entries, fewer once the transaction has run for its budget (which may
 * leave one delivery half done, to be carried on by the next call). Returns how many entries it
 * worked on (0 = journal drained).
 */
export async function processJournalBatch(app: App, limit = 200): Promise<number> {
  const touched = new Set<string>();
  let handled = 0;
  const budget = (await pendingUpTo(app.store.db, BACKLOG_ENTRIES)).rows.length >= BACKLOG_ENTRIES ? BACKLOG_TX_BUDGET_MS : TX_BUDGET_MS;
  // Big deliveries next in line are parsed on the parse thread first, outside any transaction.
  await preparse(app);
  try {
    handled = await app.store.db.transaction().execute(async (tx) => {
      runDirectly(tx, app.store.statements);
      const deadline = performance.now() + budget;
      let n = 0;
      // An entry still pending after its turn (half done, or an event to retry) waits for the next transaction.
      let after = 0;
      // Writers beside each other (PostgreSQL): take each transaction's locks up front, in one order.
      const ordered = !app.store.dialect.sharedWriter;
      while (n < limit) {
        const chunk = Math.min(ordered ? ORDERED_CLAIM_CHUNK : CLAIM_CHUNK, limit - n);
        const rows = await claim(tx, after, chunk);
        if (ordered) await lockAhead(app, tx, rows);
        for (const row of rows) {
          after = row.id;
          await processRow(app, tx, row, touched, deadline, false, ordered ? ORDERED_PASS_EVENTS : undefined);
          n++;
          // Out of budget, or another thread of this process waits to write (an acknowledgement).
          if (performance.now() >= deadline || app.store.writeWanted?.()) return n;
        }
        // PostgreSQL: one claim per transaction, so every lock it takes was taken up front, in order.
        if (rows.length < chunk || ordered) break;
      }
      return n;
    });
  } catch (err) {
    // An event failed (or something else broke the batch: a bug, a deadlock): redo the entries one
    // by one, each event in a savepoint of its own, so only the failing event is held back.
    log.warn('journal batch failed, retrying entries one by one, events isolated', { err: String(err) });
    touched.clear();
    handled = await processOneByOne(app, limit, touched);
  }
  for (const ws of touched) app.bus.poke(ws);
  // Let pending I/O (webhooks waiting to be journaled) run before the caller starts the next batch.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return handled;
}

// Run for every few entries: compiled once (see store/prepared.ts). Several workers (PostgreSQL)
// each take different entries, locked until commit; claimRows leaves SQLite's single writer's query as is.
const claimPending = prepared((db, after: number, limit: number) =>
  dialectOf(db).claimRows(db.selectFrom('journal').select(ROW_COLUMNS).where('status', '=', 'pending').where('id', '>', after).orderBy('id').limit(limit)),
);
// A delivery's payload, read once when its first event comes up (a 1,000-event body is ~250 KB).
const payloadOf = prepared((db, id: number) => db.selectFrom('journal').select(['headers', 'body']).where('id', '=', id));
// How far behind the worker is, counted up to a bound (an index range over pending entries).
const pendingUpTo = prepared((db, limit: number) => db.selectFrom('journal').select('id').where('status', '=', 'pending').limit(limit));
const markProcessed = prepared((db, id: number, now: number, attempts: number, nextEvent: number) =>
  db.updateTable('journal').set({ status: 'processed', processed_at: now, attempts, error: null, next_event: nextEvent }).where('id', '=', id),
);

async function claim(tx: Kysely<DB>, after: number, limit: number): Promise<Row[]> {
  return (await claimPending(tx, after, limit)).rows;
}

/**
 * Parsed deliveries by journal id: the one a transaction left half done, so the next carries on
 * without parsing the whole payload again, and big ones parsed ahead on the parse thread
 * (preparse). A journal entry's body never changes, so its id is enough to know it.
 */
type Parsed = { events: InboundEvent[] } | { error: string };
const parsedCache = new WeakMap<App, Map<number, Parsed>>();
const PARSED_KEPT = 20;
const ENTRIES_AHEAD = 4;

function parsedOf(app: App): Map<number, Parsed> {
  let m = parsedCache.get(app);
  if (!m) parsedCache.set(app, (m = new Map()));
  return m;
}

function keepParsed(app: App, id: number, p: Parsed) {
  const m = parsedOf(app);
  m.set(id, p);
  // Oldest first: an entry evicted is only parsed again, in line.
  for (const k of m.keys()) if (m.size > PARSED_KEPT) m.delete(k);
}

const nextInLine = prepared((db, limit: number) =>
  db
    .selectFrom('journal')
    .select(['id', 'channel_id', (eb) => eb.fn<number>('length', ['body']).as('size')])
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(limit),
);

/**
 * Parses the big deliveries next in line on the parse thread (parse-off-thread.ts) while the
 * event loop stays free for acknowledgements; a transaction then finds their events ready.
 */
async function preparse(app: App): Promise<void> {
  const m = parsedOf(app);
  for (const e of (await nextInLine(app.store.db, ENTRIES_AHEAD)).rows) {
    if (Number(e.size) < OFF_THREAD_BYTES || m.has(e.id)) continue;
    const ch = await app.channels.get(e.channel_id);
    const payload = ch && (await payloadOf(app.store.db, e.id)).rows[0];
    if (!ch || !payload) continue;
    const headers = JSON.parse(payload.headers) as Record<string, string>;
    try {
      const events = await parseDelivery(ch.row.type, () => cleanDeep(ch.adapter.parse({ headers, body: payload.body })), { headers, body: payload.body });
      keepParsed(app, e.id, { events });
    } catch (err) {
      keepParsed(app, e.id, { error: (err as Error).message });
    }
  }
}

async function parseInLine(tx: Kysely<DB>, row: Row, ch: LoadedChannel): Promise<Parsed> {
  try {
    const payload = (await payloadOf(tx, row.id)).rows[0];
    if (!payload) throw new Error('the entry has no payload');
    // An escaped \u0000 or lone surrogate becomes a real one only once parsed: cleaned here, for every network.
    return { events: cleanDeep(ch.adapter.parse({ headers: JSON.parse(payload.headers), body: payload.body })) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * Takes, in one ordered statement, the locks of every thread and contact the claimed entries'
 * next events will touch (the same keys applyMessage locks, threading.ts). The parses are kept
 * for processRow.
 */
async function lockAhead(app: App, tx: Kysely<DB>, rows: Row[]): Promise<void> {
  const keys: string[] = [];
  for (const row of rows) {
    const ch = await app.channels.get(row.channel_id, tx);
    if (!ch) continue;
    let parsed = parsedOf(app).get(row.id);
    if (!parsed) keepParsed(app, row.id, (parsed = await parseInLine(tx, row, ch)));
    if ('error' in parsed) continue;
    for (const ev of parsed.events.slice(row.next_event, row.next_event + ORDERED_PASS_EVENTS)) {
      if (ev.type !== 'message') continue;
      keys.push(threadKey(row.channel_id, ev, ev.from.externalId), contactKey(row.workspace_id, networkOf(ch), ev.from.externalId));
    }
  }
  await app.store.dialect.lockKeys(tx, keys);
}

async function processRow(app: App, tx: Kysely<DB>, row: Row, touched: Set<string>, deadline: number, isolate: boolean, maxEvents?: number): Promise<void> {
  const now = app.now();
  // Read through the transaction: in embedded mode it holds the one SQLite connection.
  const ch = await app.channels.get(row.channel_id, tx);
  if (!ch) return markFailed(tx, row, 'channel no longer exists', now);
  const held = parsedOf(app).get(row.id);
  if (held && 'error' in held) {
    parsedOf(app).delete(row.id);
    return markFailed(tx, row, `cannot parse payload: ${held.error}`, now);
  }
  let events: InboundEvent[];
  if (held) events = held.events;
  else {
    const parsed = await parseInLine(tx, row, ch);
    if ('error' in parsed) return markFailed(tx, row, `cannot parse payload: ${parsed.error}`, now);
    events = parsed.events;
  }
  const ctx: IntakeContext = {
    db: tx,
    dialect: app.store.dialect,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    network: networkOf(ch),
    now,
    applied: [],
  };
  // An entry's error is set whenever something of it failed: only then can events wait for a retry.
  const pass = await applyDelivery(ctx, row.id, events, {
    from: row.next_event,
    deadline,
    yieldNow: app.store.writeWanted,
    isolate,
    mayHaveFailures: row.error !== null,
    ...(maxEvents ? { maxEvents } : {}),
  });
  // Auto-replies and SLA clocks run as one job per transaction's share of an entry, off the intake path (src/auto-replies/after-inbound.ts).
  if (ctx.applied?.length && (await followupWanted(tx, row.workspace_id)))
    await enqueueJob(tx, inboundFollowupJob, {
      payload: { items: ctx.applied },
      workspaceId: row.workspace_id,
      runAt: now,
      now,
    });
  if (pass.applied) touched.add(row.workspace_id);
  if (pass.next < events.length) {
    // The budget ran out mid-delivery: keep the place (and the parse) for the next transaction.
    keepParsed(app, row.id, { events });
    await tx
      .updateTable('journal')
      .set({ next_event: pass.next, ...(pass.failed ? { error: 'some events failed; they are tried again once the delivery is through' } : {}) })
      .where('id', '=', row.id)
      .execute();
    return;
  }
  parsedOf(app).delete(row.id);
  if (!pass.failed && row.error === null) return void (await markProcessed(tx, row.id, now, row.attempts + 1, events.length));
  await settleFailures(tx, row, events.length, now);
}

/**
 * Every event of a delivery that had failures is settled: it stays pending while an event waits
 * for another try, is failed (for admins, with the first reason) once every failure was given
 * up, and is processed when the retries all went through.
 */
async function settleFailures(tx: Kysely<DB>, row: Row, total: number, now: number) {
  const s = await failureSummary(tx, row.id);
  if (!s.first) return void (await markProcessed(tx, row.id, now, row.attempts + 1, total));
  const first = `event ${s.first.event_index}: ${s.first.error}`;
  const of = (n: number) => `${n} of ${total} event${total === 1 ? '' : 's'}`;
  await tx
    .updateTable('journal')
    .set(
      s.retrying
        ? { next_event: total, attempts: row.attempts + 1, error: `${of(s.retrying + s.failed)} failed, ${s.retrying} to be tried again (${first})` }
        : { next_event: total, attempts: row.attempts + 1, status: 'failed', processed_at: now, error: `${of(s.failed)} failed (${first})` },
    )
    .where('id', '=', row.id)
    .execute();
}

function networkOf(ch: LoadedChannel): string {
  const n = ch.settings.network;
  return typeof n === 'string' && n ? n : ch.adapter.network;
}

async function markFailed(tx: Kysely<DB>, row: Row, error: string, now: number) {
  await tx
    .updateTable('journal')
    .set({ status: 'failed', error, attempts: row.attempts + 1, processed_at: now })
    .where('id', '=', row.id)
    .execute();
}

async function processOneByOne(app: App, limit: number, touched: Set<string>): Promise<number> {
  const ids = await app.store.db.selectFrom('journal').select('id').where('status', '=', 'pending').orderBy('id').limit(limit).execute();
  let done = 0;
  for (const { id } of ids) {
    try {
      await app.store.db.transaction().execute(async (tx: Transaction<DB>) => {
        let q = tx.selectFrom('journal').selectAll().where('id', '=', id).where('status', '=', 'pending');
        q = app.store.dialect.claimRows(q);
        const row = await q.executeTakeFirst();
        if (!row) return;
        await processRow(app, tx, row, touched, performance.now() + TX_BUDGET_MS, true);
        done++;
      });
    } catch (err) {
      const row = await app.store.db.selectFrom('journal').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) continue;
      const attempts = row.attempts + 1;
      log.error('journal entry failed', { journalId: id, attempts, err: String(err) });
      await app.store.db
        .updateTable('journal')
        .set({
          attempts,
          error: `processing error: ${reasonOf(err)}`,
          ...(attempts >= MAX_ATTEMPTS ? { status: 'failed' as const, processed_at: app.now() } : {}),
        })
        .where('id', '=', id)
        .execute();
      done++;
    }
    // One transaction per entry here: let webhooks in between them.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return done;
}

/**
 * Re-queues failed entries (after a fix, or an admin's retry); processing is idempotent. A
 * delivery that was stored but for some events is not run again: only those events are.
 */
export async function replayJournal(app: App, filter: { workspaceId: string; ids?: number[] }): Promise<number> {
  return app.store.db.transaction().execute(async (tx) => {
    await requeueFailedEvents(tx, filter.workspaceId, filter.ids);
    let q = tx
      .updateTable('journal')
      // A non-null error tells the processor to look for events to retry (see processRow).
      .set({ status: 'pending', attempts: 0, error: 'queued again by a replay', processed_at: null })
      .where('workspace_id', '=', filter.workspaceId)
      .where('status', '=', 'failed');
    if (filter.ids?.length) q = q.where('id', 'in', filter.ids);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}
