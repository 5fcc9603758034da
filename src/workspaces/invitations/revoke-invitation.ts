import type { App } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { forbidden, notFound } from '../../lib/errors.js';

/**
 * Withdraws a pending invitation of this workspace (admins; an invitation to be owner only by an
 * owner, as only an owner could make it). Another workspace's invitation answers 404.
 */
export async function revokeInvitation(app: App, actor: Principal, invitationId: string): Promise<void> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const inv = await tx
      .selectFrom('invitations')
      .select(['id', 'user_id', 'role'])
      .where('id', '=', invitationId)
      .where('workspace_id', '=', actor.workspaceId)
      .executeTakeFirst();
    if (!inv) throw notFound('invitation');
    if (inv.role === 'owner' && actor.role !== 'owner') throw forbidden('only an owner can withdraw an invitation to be owner');
    await tx.deleteFrom('invitations').where('id', '=', inv.id).execute();
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'member.invitation_withdrawn',
      actorUserId: actor.userId,
      data: { userId: inv.user_id, role: inv.role },
      at: now,
    });
  });
  app.bus.poke(actor.workspaceId);
}
