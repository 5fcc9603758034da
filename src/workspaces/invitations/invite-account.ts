import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { newId } from '../../lib/ids.js';
import type { DB, Role } from '../../store/schema.js';
import { INVITATION_DAYS } from './invitation-view.js';

/**
 * Invites an account that already exists (it may belong to other workspaces) instead of adding it:
 * an admin of one workspace must not be able to pull someone's account into theirs without them.
 * Inviting the same account again renews the invitation with the new role. Runs inside the
 * caller's transaction, which holds the workspace lock (add-member.ts). Answers the invitation id.
 */
export async function inviteAccount(tx: Kysely<DB>, actor: Principal, userId: string, role: Role, now: number): Promise<string> {
  const expiresAt = now + INVITATION_DAYS * 86_400_000;
  const pending = await tx
    .selectFrom('invitations')
    .select('id')
    .where('workspace_id', '=', actor.workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const id = pending?.id ?? newId(now);
  if (pending) {
    await tx.updateTable('invitations').set({ role, invited_by: actor.userId, created_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
  } else {
    await tx
      .insertInto('invitations')
      .values({ id, workspace_id: actor.workspaceId, user_id: userId, role, invited_by: actor.userId, created_at: now, expires_at: expiresAt })
      .execute();
  }
  await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'member.invited', actorUserId: actor.userId, data: { userId, role }, at: now });
  return id;
}
