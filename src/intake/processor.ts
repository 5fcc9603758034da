import type { Kysely, Transaction } from 'kysely';
import type { App } from '../app.js';
import type { LoadedChannel } from '../channels/load-channel.js';
import { log } from '../lib/log.js';
import type { DB, JournalTable } from '../store/schema.js';
import type { Selectable } from 'kysely';
import { applyMessage, deliveryLookups, type IntakeContext } from './apply-message.js';
import { applyUpdate } from './apply-update.js';
import { applyWatermark } from './apply-watermark.js';
import { enqueueJob } from '../jobs/queue.js';
import { inboundFollowupJob } from '../auto-replies/after-inbound.js';
import { followupWanted } from '../auto-replies/followup-wanted.js';
import { prepared, runDirectly } from '../store/prepared.js';
import { dialectOf } from '../store/dialects/index.js';
import type { InboundEvent } from '../channels/contract/inbound.js';
import { applySurveyAnswer } from '../surveys/apply-channel-answer.js';
import { cleanDeep } from '../lib/clean-text.js';

/** A journal entry that keeps failing for a reason other than its payload is given up after this. */
export const MAX_ATTEMPTS = 5;

type Row = Selectable<JournalTable>;

/**
 * How long one transaction keeps going. In embedded mode the receiver and the worker share one
 * SQLite connection, and a transaction runs without letting the event loop turn, so a webhook
 * that arrives meanwhile is acknowledged only after the commit: this budget bounds that wait.
 * An entry once started is always finished in the same transaction.
 */
export const TX_BUDGET_MS = 10;
/**
 * A commit writes every page the transaction dirtied to the WAL, and the conversation indexes
 * make that several random pages per message: at 10 ms a transaction, commits were a quarter of
 * intake's CPU (bench/stmt-profile.ts). When the worker is behind (BACKLOG_ENTRIES deliveries
 * waiting: a burst, a restart after downtime) it works in longer transactions, which write each
 * hot page once for more messages and drain the backlog faster (CPU per message, in-process:
 * 10 ms ~195 µs, 40 ms ~183 µs, 100 ms ~170 µs); acknowledgements then wait up to this long,
 * still far inside every network's timeout (Meta: 20 s). Without a backlog the short budget
 * keeps acknowledgements fast.
 */
export const BACKLOG_TX_BUDGET_MS = 100;
export const BACKLOG_ENTRIES = 100;
/** Entries read per claim: a few, since the budget often ends a transaction before many are used. */
const CLAIM_CHUNK = 4;

/**
 * Processes pending journal entries: parse → dedupe → contact → thread → store, and marks each
 * entry processed in the SAME transaction as its effects. A crash at any point rolls back to
 * "pending", so a restart redoes exactly the unfinished entries, and dedupe by external id makes
 * a redelivery harmless. An unparseable payload is marked failed with its reason and never
 * blocks the entries behind it.
 *
 * Handles up to `limit` entries, fewer once the transaction has run for TX_BUDGET_MS. Returns
 * how many entries were handled (0 = journal drained).
 */
export async function processJournalBatch(app: App, limit = 200): Promise<number> {
  const touched = new Set<string>();
  let handled = 0;
  const budget = (await pendingUpTo(app.store.db, BACKLOG_ENTRIES)).rows.length >= BACKLOG_ENTRIES ? BACKLOG_TX_BUDGET_MS : TX_BUDGET_MS;
  try {
    handled = await app.store.db.transaction().execute(async (tx) => {
      runDirectly(tx, app.store.statements);
      const started = performance.now();
      let n = 0;
      while (n < limit) {
        const chunk = Math.min(CLAIM_CHUNK, limit - n);
        const rows = await claim(tx, chunk);
        for (const row of rows) {
          await processRow(app, tx, row, touched);
          n++;
          if (performance.now() - started >= budget) return n;
        }
        if (rows.length < chunk) break;
      }
      return n;
    });
  } catch (err) {
    // One entry broke the batch (a bug, a deadlock): redo one by one so only that entry is held back.
    log.warn('journal batch failed, retrying entries one by one', { err: String(err) });
    touched.clear();
    handled = (await processOneByOne(app, limit, touched)).length;
  }
  for (const ws of touched) app.bus.poke(ws);
  // Let pending I/O (webhooks waiting to be journaled) run before the caller starts the next batch.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return handled;
}

// Run for every few entries: compiled once (see store/prepared.ts). Several workers (PostgreSQL)
// each take different entries, locked until commit; claimRows leaves SQLite's single writer's query as is.
const claimPending = prepared((db, limit: number) =>
  dialectOf(db).claimRows(db.selectFrom('journal').selectAll().where('status', '=', 'pending').orderBy('id').limit(limit)),
);
// How far behind the worker is, counted up to a bound (an index range over pending entries).
const pendingUpTo = prepared((db, limit: number) => db.selectFrom('journal').select('id').where('status', '=', 'pending').limit(limit));
const markProcessed = prepared((db, id: number, now: number, attempts: number) =>
  db.updateTable('journal').set({ status: 'processed', processed_at: now, attempts, error: null }).where('id', '=', id),
);

async function claim(tx: Kysely<DB>, limit: number): Promise<Row[]> {
  return (await claimPending(tx, limit)).rows;
}

async function processRow(app: App, tx: Kysely<DB>, row: Row, touched: Set<string>): Promise<void> {
  const now = app.now();
  // Read through the transaction: in embedded mode it holds the one SQLite connection.
  const ch = await app.channels.get(row.channel_id, tx);
  if (!ch) return markFailed(tx, row, 'channel no longer exists', now);
  let events: InboundEvent[];
  try {
    // An escaped \u0000 or lone surrogate becomes a real one only once parsed: cleaned here, for every network.
    events = cleanDeep(ch.adapter.parse({ headers: JSON.parse(row.headers), body: row.body }));
  } catch (err) {
    return markFailed(tx, row, `cannot parse payload: ${(err as Error).message}`, now);
  }
  // A single message asks its own two questions; a batch asks them once for all its events.
  const externalIds = events.flatMap((ev) => (ev.type === 'message' ? [ev.externalId] : []));
  const lookups = externalIds.length > 1 ? await deliveryLookups(tx, row.channel_id, externalIds) : undefined;
  const ctx: IntakeContext = {
    db: tx,
    dialect: app.store.dialect,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    network: networkOf(ch),
    now,
    lookups,
    applied: [],
  };
  for (const ev of events) {
    if (ev.type === 'message') await applyMessage(ctx, ev);
    else if (ev.type === 'survey_answer') await applySurveyAnswer(ctx, ev);
    else if (ev.type === 'status_watermark') await applyWatermark(ctx, ev);
    else await applyUpdate(ctx, ev);
  }
  // Auto-replies and SLA clocks run as one job per entry, off the intake path (src/auto-replies/after-inbound.ts).
  if (ctx.applied?.length && (await followupWanted(tx, row.workspace_id)))
    await enqueueJob(tx, inboundFollowupJob, {
      payload: { items: ctx.applied },
      workspaceId: row.workspace_id,
      runAt: now,
      now,
    });
  await markProcessed(tx, row.id, now, row.attempts + 1);
  touched.add(row.workspace_id);
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

async function processOneByOne(app: App, limit: number, touched: Set<string>): Promise<Row[]> {
  const ids = await app.store.db.selectFrom('journal').select('id').where('status', '=', 'pending').orderBy('id').limit(limit).execute();
  const done: Row[] = [];
  for (const { id } of ids) {
    try {
      await app.store.db.transaction().execute(async (tx: Transaction<DB>) => {
        let q = tx.selectFrom('journal').selectAll().where('id', '=', id).where('status', '=', 'pending');
        q = app.store.dialect.claimRows(q);
        const row = await q.executeTakeFirst();
        if (!row) return;
        await processRow(app, tx, row, touched);
        done.push(row);
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
          error: `processing error: ${(err as Error).message}`,
          ...(attempts >= MAX_ATTEMPTS ? { status: 'failed' as const, processed_at: app.now() } : {}),
        })
        .where('id', '=', id)
        .execute();
      done.push(row);
    }
  }
  return done;
}

/** Re-queues failed entries (after a fix, or an admin's retry); processing is idempotent. */
export async function replayJournal(app: App, filter: { workspaceId: string; ids?: number[] }): Promise<number> {
  let q = app.store.db
    .updateTable('journal')
    .set({ status: 'pending', attempts: 0, error: null, processed_at: null })
    .where('workspace_id', '=', filter.workspaceId)
    .where('status', '=', 'failed');
  if (filter.ids?.length) q = q.where('id', 'in', filter.ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
