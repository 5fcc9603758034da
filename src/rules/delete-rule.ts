import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';

/** Deletes a rule; the ones after it move up. Its firings stay in the log (with its name). */
export async function deleteRule(app: App, input: { workspaceId: string; actorUserId: string | null; id: string }): Promise<void> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('rules').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('rule');
    await tx.deleteFrom('rules').where('id', '=', row.id).execute();
    await tx
      .updateTable('rules')
      .set((eb) => ({ position: eb('position', '-', 1) }))
      .where('workspace_id', '=', input.workspaceId)
      .where('position', '>', row.position)
      .execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'rule.deleted',
      actorUserId: input.actorUserId,
      data: { ruleId: row.id, name: row.name },
      at: now,
    });
  });
  app.bus.poke(input.workspaceId);
}
