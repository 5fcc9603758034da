import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';

/** Reopens snoozed conversations whose time has come. Idempotent: safe on any number of schedulers. */
export async function wakeSnoozed(app: App, limit = 500): Promise<number> {
  const now = app.now();
  const due = await app.store.db
    .selectFrom('conversations')
    .select(['id', 'workspace_id'])
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .limit(limit)
    .execute();
  let woke = 0;
  for (const c of due) {
    const changed = await app.store.db.transaction().execute(async (tx) => {
      const r = await tx
        .updateTable('conversations')
        .set({ status: 'open', snoozed_until: null, updated_at: now })
        .where('id', '=', c.id)
        .where('status', '=', 'snoozed')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await appendEvent(tx, {
        workspaceId: c.workspace_id,
        type: 'conversation.status_changed',
        conversationId: c.id,
        data: { from: 'snoozed', to: 'open', reason: 'snooze_ended' },
        at: now,
      });
      return true;
    });
    if (changed) {
      woke++;
      app.bus.poke(c.workspace_id);
    }
  }
  return woke;
}
