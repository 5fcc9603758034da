import type { App } from '../app.js';
import { parseJson } from '../lib/json.js';

/**
 * The firing log, newest first: rule, conversation, event, actions, outcome, error. Time
 * triggers whose conditions did not hold (`skipped`) are left out unless asked for.
 */
export async function listFirings(
  app: App,
  input: { workspaceId: string; ruleId?: string; conversationId?: string; outcome?: string; before?: string; limit?: number; includeSkipped?: boolean },
) {
  let q = app.store.db.selectFrom('rule_firings').selectAll().where('workspace_id', '=', input.workspaceId);
  if (input.ruleId) q = q.where('rule_id', '=', input.ruleId);
  if (input.conversationId) q = q.where('conversation_id', '=', input.conversationId);
  if (input.outcome) q = q.where('outcome', '=', input.outcome as never);
  else if (!input.includeSkipped) q = q.where('outcome', '!=', 'skipped');
  if (input.before) q = q.where('id', '<', input.before);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return {
    firings: rows.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      conversationId: r.conversation_id,
      eventKey: r.event_key,
      eventId: r.event_id === null ? null : Number(r.event_id),
      eventType: r.event_type,
      depth: Number(r.depth),
      actions: parseJson<unknown[]>(r.actions, []),
      outcome: r.outcome,
      results: parseJson<unknown[]>(r.results, []),
      error: r.error,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)).toISOString(),
    })),
    next: rows.length === limit ? rows[rows.length - 1]!.id : null,
  };
}
