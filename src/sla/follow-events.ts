import type { App } from '../app.js';
import { enqueueJob } from '../jobs/queue.js';
import { horizonOf } from '../realtime/horizon.js';
import { SLA_CHECK_JOB, SLA_CHECK_JOB_VERSION } from './evaluate.js';
import { slaDb } from './tables.js';

/**
 * What an agent (or a bot, or the outbox) does to a conversation is in the event log; this
 * follower reads the log from its cursor and asks for an SLA evaluation of every conversation
 * touched by an event that can start or stop a clock. Intake asks for its own (inbound.followup),
 * so customer messages are not in this list. The scheduler runs it every tick; a cursor claimed
 * by compare-and-set means two schedulers never enqueue the same range twice, and reading only up
 * to the safe horizon (realtime/horizon.ts) means an event committed late is never stepped over.
 */
const TYPES = [
  'message.created',
  'message.failed',
  'message.needs_human',
  'message.retried',
  'conversation.status_changed',
  'conversation.reopened',
  'conversation.updated',
];
const NAME = 'sla';
const PAGE = 500;

/** Reads the log up to the horizon (a bounded number of pages per call) and returns how many evaluations it asked for. */
export async function followSlaEvents(app: App, maxPages = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxPages; i++) {
    const r = await followPage(app);
    total += r.enqueued;
    if (!r.more) break;
  }
  return total;
}

async function followPage(app: App): Promise<{ enqueued: number; more: boolean }> {
  const now = app.now();
  const { safe } = await horizonOf(app.store).read();
  const db = slaDb(app.store.db);
  const cursor = (await db.selectFrom('sla_follower').select('last_event_id').where('name', '=', NAME).executeTakeFirst())?.last_event_id;
  if (cursor === undefined) {
    // First run: start from here (clocks of older conversations start on their next event or a policy rescan).
    await db
      .insertInto('sla_follower')
      .values({ name: NAME, last_event_id: Math.max(0, safe), updated_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return { enqueued: 0, more: false };
  }
  if (safe <= cursor) return { enqueued: 0, more: false };
  const events = await db
    .selectFrom('events')
    .select(['id', 'workspace_id', 'conversation_id', 'type'])
    .where('id', '>', cursor)
    .where('id', '<=', safe)
    .orderBy('id')
    .limit(PAGE)
    .execute();
  const upTo = events.length === PAGE ? Number(events[events.length - 1].id) : safe;
  const wanted = new Map<string, string>();
  for (const e of events) if (e.conversation_id && TYPES.includes(e.type)) wanted.set(e.conversation_id, e.workspace_id);
  const n = await app.store.db.transaction().execute(async (tx) => {
    const claimed = await slaDb(tx)
      .updateTable('sla_follower')
      .set({ last_event_id: upTo, updated_at: now })
      .where('name', '=', NAME)
      .where('last_event_id', '=', cursor!)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return -1; // another scheduler took this range
    for (const [conversationId, workspaceId] of wanted)
      await enqueueJob(tx, { name: SLA_CHECK_JOB, version: SLA_CHECK_JOB_VERSION, payload: { conversationId }, workspaceId, runAt: now, now });
    return wanted.size;
  });
  if (n > 0) app.bus.poke('__jobs__');
  return { enqueued: Math.max(0, n), more: n >= 0 && upTo < safe };
}
