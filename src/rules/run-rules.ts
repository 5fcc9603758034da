import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { deferJob, enqueueJob, finishJob } from '../jobs/queue.js';
import type { Kysely } from 'kysely';
import type { DB, JobTable } from '../store/schema.js';
import { fireRules, type RuleOccasion } from './fire.js';
import { loadRules, type StoredRule } from './store.js';
import { triggerMatches, triggerTypesFor } from './triggers.js';

const eventRef = z.object({ eventId: z.number().int(), depth: z.number().int().min(1) });
const payload = z.union([
  /** The events some rule's trigger follows, in log order (from the rules reactor: one job per workspace and page). */
  z.object({
    events: z.array(eventRef).min(1),
    /** When the first of them happened (ms): how long the batch may still stand aside for intake. */
    since: z.number().optional(),
  }),
  /** One event (jobs enqueued before events were batched). */
  eventRef,
  /** A time-based trigger that came due for one rule and conversation (from the time scan). */
  z.object({ ruleId: z.string(), conversationId: z.string(), key: z.string(), triggerType: z.string() }),
]);
export type RulesRunPayload = z.output<typeof payload>;
export const rulesRunJob = defineJob({ name: 'rules.run', version: 1, payload, handler: runRulesJob });

/** How long rules stand aside while intake has deliveries waiting (see runRulesJob). */
export const INTAKE_FIRST_MS = 60_000;
const INTAKE_FIRST_RETRY_MS = 250;

const intakeBusy = async (db: Kysely<DB>) => !!(await db.selectFrom('journal').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst());

/** How long a rule waits for a customer message's triage before it evaluates without it. */
export const TRIAGE_WAIT_MS = 2 * 60_000;
const TRIAGE_RETRY_MS = 1000;

/**
 * Runs the rules for a batch of events (or one time trigger that came due). Idempotent: each
 * firing is a unique row per rule and event, claimed before the actions run, so a job run twice
 * (a worker died, two workers) fires each rule at most once. A crash between the claim and the
 * actions leaves the firing `pending` in the log rather than acting twice.
 *
 * A customer message's conditions read its triage, which lands a moment after it: the batch is
 * worked in order up to the first message not yet triaged, and the rest waits (a new job, a
 * second later) — so under a burst, when triage runs behind, nothing is evaluated twice and no
 * job spins. After TRIAGE_WAIT_MS a message is evaluated without its triage.
 */
export async function runRulesJob(app: App, job: JobTable, p: RulesRunPayload): Promise<void> {
  const db = app.store.db;
  const workspaceId = job.workspace_id!;
  if ('ruleId' in p) {
    const rules = (await loadRules(db, workspaceId, { enabledOnly: true })).filter((r) => r.id === p.ruleId && r.trigger.type === p.triggerType);
    await fireRules(app, workspaceId, {
      conversationId: p.conversationId,
      eventKey: p.key,
      eventId: null,
      eventType: p.triggerType,
      depth: 1,
      rules,
      timeBased: true,
    });
    return finishJob(db, job.id, 'done', app.now());
  }
  const events = 'events' in p ? p.events : [p];
  const since = 'events' in p ? (p.since ?? Number(job.created_at)) : Number(job.created_at);
  // Intake first: while deliveries wait in the journal, rules stand aside (on one process they
  // share a core with intake, and a stored message is safe), for at most INTAKE_FIRST_MS — under
  // a longer burst they take their share again, so automation is late but never starved.
  if (app.now() - since < INTAKE_FIRST_MS && (await intakeBusy(db)))
    return deferJob(db, job.id, app.now() + INTAKE_FIRST_RETRY_MS, app.now(), 'intake first: deliveries wait in the journal');
  // Loaded (and parsed) once for the batch; each event keeps those its trigger fires.
  const rules = await loadRules(db, workspaceId, { enabledOnly: true });
  for (let i = 0; i < events.length; i++) {
    const occasion = await eventOccasion(app, workspaceId, events[i]!.eventId, events[i]!.depth, rules);
    if (occasion === 'wait') {
      const now = app.now();
      await db.transaction().execute(async (tx) => {
        await enqueueJob(tx, rulesRunJob, { payload: { events: events.slice(i), since }, workspaceId, runAt: now + TRIAGE_RETRY_MS, now });
        await finishJob(tx, job.id, 'done', now);
      });
      return;
    }
    if (occasion) await fireRules(app, workspaceId, occasion);
  }
  await finishJob(db, job.id, 'done', app.now());
}

async function eventOccasion(app: App, workspaceId: string, eventId: number, depth: number, enabled: StoredRule[]): Promise<RuleOccasion | 'wait' | null> {
  const db = app.store.db;
  const e = await db.selectFrom('events').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', eventId).executeTakeFirst();
  if (!e?.conversation_id) return null;
  let newConversation: boolean | undefined;
  if (e.type === 'message.received') {
    const messageId = String(JSON.parse(e.data).messageId);
    const msg = await db.selectFrom('messages').select(['id', 'created_at', 'enriched_at', 'conversation_id']).where('id', '=', messageId).executeTakeFirst();
    if (!msg) return null;
    // Conditions read the message's triage (language, sentiment, intent…): wait for it a little.
    if (msg.enriched_at === null && app.now() - Number(e.created_at) < TRIAGE_WAIT_MS) return 'wait';
    const earlier = await db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', msg.conversation_id)
      .where('direction', '=', 'in')
      .where((eb) => eb.or([eb('created_at', '<', msg.created_at), eb.and([eb('created_at', '=', msg.created_at), eb('id', '<', msg.id)])]))
      .executeTakeFirst();
    newConversation = !earlier;
  }
  const types = triggerTypesFor(e.type);
  const rules = enabled.filter((r) => types.includes(r.trigger.type) && triggerMatches(r.trigger, e, newConversation));
  if (!rules.length) return null;
  if (e.actor_rule_id) {
    // The acting rule must still allow its changes to trigger others (it may have been edited since).
    const actor = await db.selectFrom('rules').select('triggers_other_rules').where('id', '=', e.actor_rule_id).executeTakeFirst();
    if (!actor || Number(actor.triggers_other_rules) !== 1) return null;
  }
  return { conversationId: e.conversation_id, eventKey: `e:${e.id}`, eventId: Number(e.id), eventType: e.type, depth, rules, timeBased: false };
}
