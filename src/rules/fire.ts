import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { log } from '../lib/log.js';
import { applyActions, type ActionResult } from './actions/apply.js';
import { conditionsMatch } from './conditions.js';
import { factNeeds, loadFacts } from './facts.js';
import { FIRINGS_PER_CONVERSATION_HOUR, type FiringOutcome } from './model.js';
import type { StoredRule } from './store.js';

/** One thing rules react to: an event, or a time trigger's waiting period, for one conversation. */
export interface RuleOccasion {
  conversationId: string;
  /** What makes a firing unique per rule: `e:<event id>`, or the time trigger's period key. */
  eventKey: string;
  eventId: number | null;
  eventType: string;
  depth: number;
  /** The enabled rules whose trigger it fires, in order. */
  rules: StoredRule[];
  /** A time trigger whose conditions do not hold is remembered (outcome `skipped`) so the scan does not ask again this period. */
  timeBased: boolean;
}

/**
 * Evaluates the rules in order against the conversation as it is now (reloaded after each rule
 * that acted, so a later rule sees an earlier one's changes) and applies the actions of those
 * whose conditions hold, until one stops processing. Each firing is first claimed as a unique row
 * (rule, event key): a rule fires at most once per event, and never on two workers. A
 * conversation that already had FIRINGS_PER_CONVERSATION_HOUR firings in the last hour gets no
 * more (a loop guard): the held-back firing is logged as `limited`.
 */
export async function fireRules(app: App, workspaceId: string, o: RuleOccasion): Promise<number> {
  const db = app.store.db;
  let fired = 0;
  if (!o.rules.length) return 0;
  const needs = factNeeds(o.rules.map((r) => r.conditions));
  let facts = await loadFacts(db, workspaceId, o.conversationId, app.now(), needs);
  for (const rule of o.rules) {
    if (!facts) break;
    const now = app.now();
    if (!conditionsMatch(rule.conditions, facts)) {
      if (o.timeBased) await claim(app, workspaceId, rule, o, 'skipped', now);
      continue;
    }
    const recent = await db
      .selectFrom('rule_firings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('conversation_id', '=', o.conversationId)
      .where('created_at', '>', now - 3_600_000)
      .where('outcome', 'not in', ['skipped', 'limited'])
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= FIRINGS_PER_CONVERSATION_HOUR) {
      const id = await claim(app, workspaceId, rule, o, 'limited', now);
      if (id) {
        log.warn('rule firing limit reached for a conversation; rule held back', { ruleId: rule.id, conversationId: o.conversationId, eventKey: o.eventKey });
        await recordFired(app, workspaceId, rule, o, id, 'limited', [], null);
      }
      break;
    }
    const firingId = await claim(app, workspaceId, rule, o, 'pending', now);
    if (!firingId) continue; // fired already for this event (another worker, or a job run again)
    fired++;
    let results: ActionResult[] = [];
    let stop = false;
    let error: string | null = null;
    try {
      const r = await applyActions(app, {
        workspaceId,
        conversationId: o.conversationId,
        actions: rule.actions,
        performer: { kind: 'rule', ruleId: rule.id },
        depth: o.depth,
        firing: { id: firingId, eventType: o.eventType, eventId: o.eventId },
      });
      results = r.results;
      stop = r.stop;
    } catch (err) {
      error = String((err as Error)?.message ?? err);
      log.error('rule actions failed', { ruleId: rule.id, firingId, err: error });
    }
    const ok = results.filter((r) => r.ok).length;
    const outcome: FiringOutcome = error === null && ok === results.length ? 'applied' : ok > 0 ? 'partial' : 'failed';
    await recordFired(app, workspaceId, rule, o, firingId, outcome, results, error ?? results.find((r) => !r.ok)?.note ?? null);
    if (stop || rule.stopProcessing) break;
    facts = await loadFacts(db, workspaceId, o.conversationId, app.now(), needs);
  }
  return fired;
}

/** Inserts the firing row unless this rule already has one for this event key; returns its id, or null. */
async function claim(
  app: App,
  workspaceId: string,
  rule: StoredRule,
  o: RuleOccasion,
  outcome: FiringOutcome | 'skipped',
  now: number,
): Promise<string | null> {
  const id = newId(now);
  const r = await app.store.db
    .insertInto('rule_firings')
    .values({
      id,
      workspace_id: workspaceId,
      rule_id: rule.id,
      rule_name: rule.name,
      conversation_id: o.conversationId,
      event_key: o.eventKey,
      event_id: o.eventId,
      event_type: o.eventType,
      depth: o.depth,
      actions: JSON.stringify(rule.actions),
      outcome,
      results: '[]',
      error: null,
      created_at: now,
      finished_at: outcome === 'pending' ? null : now,
    })
    .onConflict((oc) => oc.columns(['rule_id', 'event_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1 ? id : null;
}

async function recordFired(
  app: App,
  workspaceId: string,
  rule: StoredRule,
  o: RuleOccasion,
  firingId: string,
  outcome: Exclude<FiringOutcome, 'pending'>,
  results: ActionResult[],
  error: string | null,
) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('rule_firings')
      .set({ outcome, results: JSON.stringify(results), error, finished_at: now })
      .where('id', '=', firingId)
      .execute();
    await appendEvent(tx, {
      workspaceId,
      type: 'rule.fired',
      conversationId: o.conversationId,
      data: { ruleId: rule.id, firingId, trigger: rule.trigger.type, eventId: o.eventId, outcome, actions: rule.actions.map((a) => a.type) },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
}
