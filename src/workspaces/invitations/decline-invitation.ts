import type { App } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { notFound } from '../../lib/errors.js';

/** The invited person says no: the invitation goes, and the workspace's log records it. */
export async function declineInvitation(app: App, principal: Principal, invitationId: string): Promise<void> {
  const now = app.now();
  const workspaceId = await app.store.db.transaction().execute(async (tx) => {
    const inv = await tx
      .selectFrom('invitations')
      .select(['id', 'workspace_id', 'role'])
      .where('id', '=', invitationId)
      .where('user_id', '=', principal.userId)
      .executeTakeFirst();
    if (!inv) throw notFound('invitation');
    await tx.deleteFrom('invitations').where('id', '=', inv.id).execute();
    await appendEvent(tx, {
      workspaceId: inv.workspace_id,
      type: 'member.invitation_declined',
      actorUserId: principal.userId,
      data: { userId: principal.userId, role: inv.role },
      at: now,
    });
    return inv.workspace_id;
  });
  app.bus.poke(workspaceId);
}
