import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { appendEvent } from '../events/append.js';
import { AppError } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { loadVisibleMacro } from './load-macro.js';
import { macroActionsSchema, type MacroAction } from './model.js';
import { requireMacroPermissions, requireMacroPermissionsSomewhere } from './required-permissions.js';
import { applyActions } from '../rules/actions/apply.js';

export interface ApplyResult {
  conversationId: string;
  outcome: 'applied' | 'partial' | 'failed';
  code?: string;
  error?: string;
}

/**
 * Applies a macro to one or many conversations (the queue's selection), as the member: their
 * permissions on each conversation's team decide, exactly as if they had clicked each action.
 * A role that lacks an action's permission everywhere gets a 403 before anything changes; a
 * conversation that fails (another team, already gone) is reported and does not stop the others.
 * Actions run in order through the rules' executor; one that fails is reported and the next still runs ("partial").
 */
export async function applyMacro(app: App, p: Principal, input: { macroId: string; conversationIds: string[] }) {
  const m = await loadVisibleMacro(app.store.db, p, input.macroId);
  // Stored actions were valid when saved; a later version may have narrowed them, so check again.
  const parsed = macroActionsSchema.safeParse(parseJson<unknown>(m.actions, []));
  if (!parsed.success) throw new AppError('invalid_request', 'this macro has actions this version does not know; edit it first');
  const actions: MacroAction[] = parsed.data;
  requireMacroPermissionsSomewhere(p, actions);
  const results: ApplyResult[] = [];
  for (const conversationId of [...new Set(input.conversationIds)]) results.push(await applyToOne(app, p, m.id, actions, conversationId));
  const applied = results.filter((r) => r.outcome === 'applied').length;
  if (applied > 0)
    await app.store.db
      .updateTable('macros')
      .set((eb) => ({ applied_count: eb('applied_count', '+', applied), last_applied_at: app.now() }))
      .where('id', '=', m.id)
      .execute();
  return { applied, results };
}

async function applyToOne(app: App, p: Principal, macroId: string, actions: MacroAction[], conversationId: string): Promise<ApplyResult> {
  try {
    await requireMacroPermissions(app.store.db, p, conversationId, actions);
  } catch (err) {
    // Denied before anything ran: nothing happened to the conversation, so nothing goes on its log.
    if (err instanceof AppError) return { conversationId, outcome: 'failed', code: err.code, error: err.message };
    throw err;
  }
  const exists = await app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', p.workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!exists) return { conversationId, outcome: 'failed', code: 'not_found', error: 'conversation not found' };
  // The rules' executor, as the member: every event names them, exactly as doing it by hand.
  const run = await applyActions(app, { workspaceId: p.workspaceId, conversationId, actions, performer: { kind: 'user', userId: p.userId } });
  const failed = run.results.filter((r) => !r.ok);
  const outcome: ApplyResult['outcome'] = failed.length === 0 ? 'applied' : failed.length < run.results.length ? 'partial' : 'failed';
  const error = failed.map((f) => `${f.type}: ${f.note ?? 'failed'}`).join('; ') || undefined;
  await appendEvent(app.store.db, {
    workspaceId: p.workspaceId,
    type: 'macro.applied',
    conversationId,
    actorUserId: p.userId,
    data: { macroId, actions: actions.map((a) => a.type), outcome, ...(error ? { error } : {}) },
    at: app.now(),
  });
  return error ? { conversationId, outcome, code: 'action_failed', error } : { conversationId, outcome };
}
