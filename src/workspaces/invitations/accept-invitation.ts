import type { App } from '../../app.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { notFound } from '../../lib/errors.js';
import type { MemberRole } from '../../store/schema.js';
import { lockWorkspace } from '../lock-workspace.js';

/**
 * The invited person joins the workspace with the role they were invited to. Only the invited
 * account can accept (anyone else's id answers 404, as does an expired invitation). Accepting
 * when already a member just clears the invitation. The new workspace then appears in the
 * person's workspace list (POST /auth/switch moves their session there).
 */
export async function acceptInvitation(
  app: App,
  principal: Principal,
  invitationId: string,
): Promise<{ workspace: { id: string; name: string }; role: MemberRole }> {
  const now = app.now();
  const db = app.store.db;
  const found = await db
    .selectFrom('invitations')
    .select('workspace_id')
    .where('id', '=', invitationId)
    .where('user_id', '=', principal.userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!found) throw notFound('invitation');
  const result = await db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, found.workspace_id);
    // Read again under the lock: it may have been withdrawn or answered meanwhile.
    const inv = await tx
      .selectFrom('invitations')
      .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
      .select(['invitations.id', 'invitations.role', 'workspaces.id as workspace_id', 'workspaces.name'])
      .where('invitations.id', '=', invitationId)
      .where('invitations.user_id', '=', principal.userId)
      .where('invitations.expires_at', '>', now)
      .executeTakeFirst();
    if (!inv) throw notFound('invitation');
    await tx.deleteFrom('invitations').where('id', '=', inv.id).execute();
    const member = await tx
      .selectFrom('memberships')
      .select('role')
      .where('workspace_id', '=', inv.workspace_id)
      .where('user_id', '=', principal.userId)
      .executeTakeFirst();
    if (member) return { workspace: { id: inv.workspace_id, name: inv.name }, role: member.role };
    await tx.insertInto('memberships').values({ workspace_id: inv.workspace_id, user_id: principal.userId, role: inv.role, created_at: now }).execute();
    await appendEvent(tx, {
      workspaceId: inv.workspace_id,
      type: 'member.added',
      actorUserId: principal.userId,
      data: { userId: principal.userId, role: inv.role },
      at: now,
    });
    return { workspace: { id: inv.workspace_id, name: inv.name }, role: inv.role };
  });
  app.bus.poke(result.workspace.id);
  return result;
}
