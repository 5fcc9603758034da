import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { notFound } from '../../lib/errors.js';
import { decorateMentions } from './list-mentions.js';

/**
 * Observe (relevant, no answer) or irrelevant (the query caught the wrong thing). Either judgment
 * feeds the precision figure of every query the mention matched; it can be changed later.
 */
export async function markMention(app: App, input: { workspaceId: string; actorUserId: string; id: string; status: 'observed' | 'irrelevant' }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('mentions').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (!m) throw notFound('mention');
    await tx.updateTable('mentions').set({ status: input.status, acted_by: input.actorUserId, acted_at: now }).where('id', '=', m.id).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: `mention.${input.status}`,
      actorUserId: input.actorUserId,
      data: { mentionId: m.id, from: m.status },
      at: now,
    });
    return { ...m, status: input.status, acted_by: input.actorUserId, acted_at: now };
  });
  app.bus.poke(input.workspaceId);
  return (await decorateMentions(app.store.db, [row]))[0]!;
}
