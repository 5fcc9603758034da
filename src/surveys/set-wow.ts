import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, notFound } from '../lib/errors.js';
import { presentSurvey } from './list-surveys.js';

/**
 * An agent's "wow" on a CSAT answer (in the manner of Hively): a mark that this feedback is worth
 * showing the team. Only answered CSAT surveys take it; setting it again is harmless.
 */
export async function setWow(app: App, input: { workspaceId: string; surveyId: string; actorUserId: string; wow: boolean }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('surveys').selectAll().where('id', '=', input.surveyId).where('workspace_id', '=', input.workspaceId).executeTakeFirst();
    if (!s) throw notFound('survey');
    if (s.kind !== 'csat' || s.status !== 'answered') throw conflict('only an answered CSAT survey can get a wow');
    if ((s.wow === 1) === input.wow) return s;
    const patch = input.wow ? { wow: 1, wow_by: input.actorUserId, wow_at: now } : { wow: 0, wow_by: null, wow_at: null };
    await tx.updateTable('surveys').set(patch).where('id', '=', s.id).execute();
    await appendEvent(tx, {
      workspaceId: s.workspace_id,
      type: 'survey.wow',
      conversationId: s.conversation_id,
      actorUserId: input.actorUserId,
      data: { surveyId: s.id, wow: input.wow },
      at: now,
    });
    return { ...s, ...patch };
  });
  app.bus.poke(input.workspaceId);
  return presentSurvey(row);
}
