import { sql } from 'kysely';
import type { InboundEvent } from '../channels/contract/inbound.js';
import { log } from '../lib/log.js';
import { prepared } from '../store/prepared.js';
import { applySurveyAnswer } from '../surveys/apply-channel-answer.js';
import { applyMessage, deliveryLookups, type IntakeContext } from './apply-message.js';
import { applyUpdate } from './apply-update.js';
import { applyWatermark } from './apply-watermark.js';
import { eventsToRetry, reasonOf, recordEventFailure, retryFailed, retrySucceeded } from './event-failures.js';

/**
 * How many events' dedupe and parked-update questions are asked at once (deliveryLookups). A
 * transaction may end after any event, so a 1,000-event delivery is not looked up whole every
 * time one resumes it: a window at a time, as its events come up.
 */
const LOOKUP_WINDOW = 64;
/**
 * Events a pass applies before the deadline may end it mid-delivery. Ending a transaction costs
 * its commit and the next one's claim and setup. On SQLite a transaction holds the event loop and
 * every acknowledgement behind it, and a few events are enough to pay for the commit: 32 took
 * ~6 ms on a quiet machine but 30–100 ms on a loaded one, past the whole budget. On PostgreSQL, where each statement is a round trip (and a long transaction
 * does not hold the receiver up: it has connections of its own), a pass of a few events spent
 * more on its transaction than on them — a 1,000-event delivery took 2.7 times as long.
 */
const MIN_EVENTS_PER_PASS = { sharedWriter: 4, ownConnections: 32 } as const;

/** What one pass over a delivery did: where it stopped, and whether any event failed on this pass. */
export interface DeliveryPass {
  /** The index of the first event not settled yet (events.length: every event settled). */
  next: number;
  /** Events applied on this pass (including retried ones that went through). */
  applied: number;
  /** Events that failed on this pass (new failures and failed retries). */
  failed: number;
}

/**
 * Applies a delivery's events from `from` on. Stops after the event during which `deadline`
 * passes (once it has applied a few), so a big delivery is worked in several transactions; the
 * caller records `next` in the same transaction, so a crash resumes exactly where the last
 * commit was.
 *
 * `isolate` runs each event in a savepoint of its own: an event that fails (a database error, a
 * bug on one odd payload) is rolled back alone and recorded with its reason (event-failures.ts),
 * and the events around it are stored. Without it an event's error is thrown, and the caller
 * rolls its transaction back and works the entries again one at a time, isolated: savepoints
 * cost SQLite a copy of every page an event touches that the transaction had already changed
 * (about a fifth of intake's CPU per event, bench/profile-intake.ts), so the common case does
 * without them and only a transaction that met a failure pays for them.
 *
 * Once every event has been settled (`from === events.length`), a pass retries the events that
 * failed before (when `mayHaveFailures`), each in its own savepoint again.
 */
export async function applyDelivery(
  ctx: IntakeContext,
  journalId: number,
  events: InboundEvent[],
  o: { from: number; deadline: number; yieldNow?: () => boolean; isolate: boolean; mayHaveFailures: boolean; maxEvents?: number },
): Promise<DeliveryPass> {
  const { from, deadline } = o;
  const pass: DeliveryPass = { next: from, applied: 0, failed: 0 };
  if (from >= events.length) {
    if (o.mayHaveFailures) await retryEvents(ctx, journalId, events, pass);
    return pass;
  }
  // A single message asks its own two questions; a batch asks them once per window of its events.
  const batched = countMessages(events) > 1;
  let lookedUpTo = from;
  for (let i = from; i < events.length; i++) {
    if (batched && i >= lookedUpTo) {
      lookedUpTo = Math.min(events.length, i + LOOKUP_WINDOW);
      await lookUp(ctx, events, i, lookedUpTo);
    }
    const err = o.isolate ? await applyIsolated(ctx, events[i]!) : await applyEvent(ctx, events[i]!).then(() => null);
    if (err) {
      pass.failed++;
      log.warn('intake event failed', { journalId, event: i, err: reasonOf(err) });
      await recordEventFailure(ctx.db, { journalId, index: i, workspaceId: ctx.workspaceId, reason: reasonOf(err), event: events[i], now: ctx.now });
      // The lookups may have counted what the savepoint undid: ask again from the next event.
      ctx.lookups = undefined;
      lookedUpTo = i + 1;
    } else pass.applied++;
    pass.next = i + 1;
    if (
      pass.next - from >= MIN_EVENTS_PER_PASS[ctx.dialect.sharedWriter ? 'sharedWriter' : 'ownConnections'] &&
      (performance.now() >= deadline || o.yieldNow?.())
    )
      break;
    if (o.maxEvents !== undefined && pass.next - from >= o.maxEvents) break;
  }
  return pass;
}

async function retryEvents(ctx: IntakeContext, journalId: number, events: InboundEvent[], pass: DeliveryPass) {
  ctx.lookups = undefined; // retried events ask their own questions
  for (const f of await eventsToRetry(ctx.db, journalId)) {
    const ev = events[f.event_index];
    // The delivery parses to fewer events than before (a parser changed before a replay): nothing to apply.
    const err = ev ? await applyIsolated(ctx, ev) : null;
    if (err) {
      pass.failed++;
      await retryFailed(ctx.db, journalId, f.event_index, f.attempts + 1, reasonOf(err), ctx.now);
    } else {
      pass.applied++;
      await retrySucceeded(ctx.db, journalId, f.event_index);
    }
  }
}

function countMessages(events: InboundEvent[]): number {
  let n = 0;
  for (const ev of events) if (ev.type === 'message') n++;
  return n;
}

async function lookUp(ctx: IntakeContext, events: InboundEvent[], from: number, to: number) {
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    const ev = events[i]!;
    if (ev.type === 'message') ids.push(ev.externalId);
  }
  const found = await deliveryLookups(ctx.db, ctx.channelId, ids);
  if (!ctx.lookups) ctx.lookups = found;
  else {
    for (const id of found.stored) ctx.lookups.stored.add(id);
    for (const id of found.parked) ctx.lookups.parked.add(id);
  }
}

// Twice per event: compiled once (see store/prepared.ts). One name suffices: an event's savepoint
// is always released (or rolled back and released) before the next event's is set.
const savepoint = prepared((db) => ({ compile: () => sql`SAVEPOINT intake_event`.compile(db) }));
const release = prepared((db) => ({ compile: () => sql`RELEASE SAVEPOINT intake_event`.compile(db) }));
const rollback = prepared((db) => ({ compile: () => sql`ROLLBACK TO SAVEPOINT intake_event`.compile(db) }));

/** Applies one event in its own savepoint; returns the error it failed with (its effects undone), or null. */
async function applyIsolated(ctx: IntakeContext, ev: InboundEvent): Promise<unknown> {
  const applied = ctx.applied?.length ?? 0;
  await savepoint(ctx.db);
  try {
    await applyEvent(ctx, ev);
  } catch (err) {
    await rollback(ctx.db);
    await release(ctx.db);
    if (ctx.applied) ctx.applied.length = applied;
    return err ?? new Error('unknown error');
  }
  await release(ctx.db);
  return null;
}

function applyEvent(ctx: IntakeContext, ev: InboundEvent): Promise<unknown> {
  if (ev.type === 'message') return applyMessage(ctx, ev);
  if (ev.type === 'survey_answer') return applySurveyAnswer(ctx, ev);
  if (ev.type === 'status_watermark') return applyWatermark(ctx, ev);
  return applyUpdate(ctx, ev);
}
