import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { appendEvent } from '../events/append.js';
import { unreadCount } from './list-notifications.js';

/**
 * Marks the caller's own notifications read: those named, or all of them. Ids that are not the
 * caller's (another member's, another workspace's, unknown) change nothing and say nothing about
 * whether they exist. A `notification.read` event lets the member's other tabs update their count.
 */
export async function markNotificationsRead(
  app: App,
  p: Principal,
  input: { ids?: string[]; all?: boolean },
): Promise<{ marked: number; unreadCount: number }> {
  const now = app.now();
  const marked = await app.store.db.transaction().execute(async (tx) => {
    let q = tx
      .updateTable('notifications')
      .set({ read_at: now })
      .where('workspace_id', '=', p.workspaceId)
      .where('user_id', '=', p.userId)
      .where('read_at', 'is', null);
    if (!input.all) {
      if (!input.ids?.length) return 0;
      q = q.where('id', 'in', input.ids);
    }
    const n = Number((await q.executeTakeFirst()).numUpdatedRows);
    if (n)
      await appendEvent(tx, { workspaceId: p.workspaceId, type: 'notification.read', actorUserId: p.userId, data: { userId: p.userId, count: n }, at: now });
    return n;
  });
  if (marked) app.bus.poke(p.workspaceId);
  return { marked, unreadCount: await unreadCount(app, p) };
}
