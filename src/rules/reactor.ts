import type { Reactor } from '../events/reactors.js';
import { enqueueJob } from '../jobs/queue.js';
import { log } from '../lib/log.js';
import { MAX_RULE_DEPTH } from './model.js';
import { rulesRunJob } from './run-rules.js';
import { loadRules, type StoredRule } from './store.js';
import { RULE_EVENT_TYPES, triggerMatches, triggerTypesFor } from './triggers.js';

/**
 * The rules reactor: the events some enabled rule's trigger follows become one `rules.run` job
 * per workspace and page (enqueued through the page's transaction, so exactly once per event
 * however many workers run the loop). The job evaluates the rules in order and applies their actions (run-rules.ts): the
 * use-cases behind actions open their own transactions, and a customer message's triage (which
 * conditions read) lands a moment after the message, so neither can happen inside this page.
 *
 * Loops: an event written by a rule's action (events.actor_rule_id) fires rules only if that
 * rule opted in (`triggersOtherRules`) and the chain is not deeper than MAX_RULE_DEPTH.
 */
export const rulesReactor: Reactor = {
  name: 'rules',
  types: RULE_EVENT_TYPES,
  start: 'now',
  async handle(app, events, tx) {
    const now = app.now();
    const byWorkspace = new Map<string, StoredRule[]>();
    // One job per workspace for the page's events, in log order (run-rules.ts works a batch in order).
    const batches = new Map<string, { eventId: number; depth: number; at: number }[]>();
    for (const e of events) {
      if (!e.conversation_id) continue;
      let rules = byWorkspace.get(e.workspace_id);
      if (!rules) byWorkspace.set(e.workspace_id, (rules = await loadRules(tx, e.workspace_id, { enabledOnly: true })));
      if (!rules.length) continue;
      let depth = 1;
      if (e.actor_rule_id) {
        const actor = rules.find((r) => r.id === e.actor_rule_id);
        if (!actor?.triggersOtherRules) continue;
        depth = Number(e.rule_depth ?? 1) + 1;
        if (depth > MAX_RULE_DEPTH) {
          log.warn('rule chain too deep; not triggering further rules', { ruleId: e.actor_rule_id, eventId: Number(e.id), depth });
          continue;
        }
      }
      const types = triggerTypesFor(e.type);
      if (!rules.some((r) => types.includes(r.trigger.type) && triggerMatches(r.trigger, e))) continue;
      let batch = batches.get(e.workspace_id);
      if (!batch) batches.set(e.workspace_id, (batch = []));
      batch.push({ eventId: Number(e.id), depth, at: Number(e.created_at) });
    }
    let queued = 0;
    for (const [workspaceId, batch] of batches) {
      await enqueueJob(tx, rulesRunJob, {
        payload: { events: batch.map(({ eventId, depth }) => ({ eventId, depth })), since: batch[0]!.at },
        workspaceId,
        runAt: now,
        now,
      });
      queued += batch.length;
    }
    return queued;
  },
  afterCommit(app, n) {
    if (n > 0) app.bus.poke('__jobs__');
  },
};
