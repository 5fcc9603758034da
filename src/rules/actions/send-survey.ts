import type { App } from '../../app.js';
import { AppError } from '../../lib/errors.js';
import { scheduleSurvey } from '../../surveys/schedule-survey.js';

/**
 * Asks the workspace's satisfaction survey for the current resolution, through the surveys' own
 * scheduling (settings, delay, channel opt-outs, the job that sends it). A survey rates a
 * resolution, so the conversation must be resolved (a rule "when resolved → send survey"); one
 * already asked for this resolution is not asked again.
 */
export async function queueRuleSurvey(app: App, workspaceId: string, conversationId: string): Promise<string | undefined> {
  const out = await app.store.db.transaction().execute(async (tx) => {
    const conv = await tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', conversationId).executeTakeFirst();
    if (!conv) throw new AppError('not_found', 'conversation not found');
    if (conv.status !== 'resolved' || conv.resolved_at === null) throw new AppError('conflict', 'a survey is asked once the conversation is resolved');
    const existing = await tx
      .selectFrom('surveys')
      .select('id')
      .where('conversation_id', '=', conv.id)
      .where('resolved_at', '=', conv.resolved_at)
      .executeTakeFirst();
    if (existing) return 'already asked for this resolution';
    const id = await scheduleSurvey(tx, conv, conv.resolved_at);
    if (!id) throw new AppError('conflict', 'surveys are off for this channel or conversation (public conversations are never surveyed)');
    return undefined;
  });
  app.bus.poke('__jobs__');
  return out;
}
