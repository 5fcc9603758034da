import type { App } from '../app.js';
import { parseJson } from '../lib/json.js';
import { checkRule, conditionsMatch, failingConditions } from './conditions.js';
import { loadFacts } from './facts.js';
import { isTimeTrigger, type RuleInput } from './model.js';
import { TRIGGER_EVENTS, triggerMatches } from './triggers.js';

/**
 * "Which recent conversations would this rule have matched": for an event trigger, the last
 * `limit` events it follows (one per conversation, newest first) whose trigger matches; for a
 * time trigger, the `limit` most recently active conversations. Conditions are evaluated against
 * each conversation as it is now. Nothing is changed, nothing is logged.
 */
export async function dryRunRule(app: App, input: { workspaceId: string; rule: RuleInput; limit?: number }) {
  checkRule(input.rule);
  const db = app.store.db;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const now = app.now();
  const t = input.rule.trigger;
  const seen: { conversationId: string; eventId: number | null; eventType: string | null; at: number }[] = [];
  if (isTimeTrigger(t)) {
    const rows = await db
      .selectFrom('conversations')
      .select(['id', 'last_message_at'])
      .where('workspace_id', '=', input.workspaceId)
      .orderBy('last_message_at', 'desc')
      .limit(limit)
      .execute();
    for (const r of rows) seen.push({ conversationId: r.id, eventId: null, eventType: null, at: Number(r.last_message_at) });
  } else {
    const events = await db
      .selectFrom('events')
      .select(['id', 'type', 'data', 'conversation_id', 'created_at'])
      .where('workspace_id', '=', input.workspaceId)
      .where('type', 'in', [...TRIGGER_EVENTS[t.type]])
      .where('conversation_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(limit * 10)
      .execute();
    const done = new Set<string>();
    for (const e of events) {
      if (seen.length >= limit) break;
      if (done.has(e.conversation_id!) || !triggerMatches(t, { type: e.type, data: parseJson(e.data, {}) })) continue;
      done.add(e.conversation_id!);
      seen.push({ conversationId: e.conversation_id!, eventId: Number(e.id), eventType: e.type, at: Number(e.created_at) });
    }
  }
  const results = [];
  for (const s of seen) {
    const facts = await loadFacts(db, input.workspaceId, s.conversationId, now);
    if (!facts) continue;
    const matched = conditionsMatch(input.rule.conditions, facts);
    results.push({
      conversationId: s.conversationId,
      eventId: s.eventId,
      eventType: s.eventType,
      at: new Date(s.at).toISOString(),
      subject: facts.conversation.subject,
      preview: facts.latest?.body.slice(0, 140) ?? null,
      matched,
      failing: matched ? [] : failingConditions(input.rule.conditions, facts).map((c) => c.field),
    });
  }
  return { looked: results.length, matched: results.filter((r) => r.matched).length, results };
}
