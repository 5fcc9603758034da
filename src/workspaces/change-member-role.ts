import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import type { Principal } from '../auth/principal.js';
import { listMembers, type MemberView } from './list-members.js';
import { lockWorkspace } from './lock-workspace.js';
import { guardMembershipChange } from './owner-guard.js';
import { type RoleRef, resolveRoleRef } from './roles/role-ref.js';

/**
 * Gives a member another role, built-in or one of the workspace's own; a change takes effect on
 * their very next request. The role is looked up under the workspace lock, which deleting a role
 * takes too, so a member never ends up pointing at a deleted role.
 */
export async function changeMemberRole(app: App, actor: Principal, userId: string, ref: RoleRef): Promise<MemberView> {
  const db = app.store.db;
  const now = app.now();
  const changed = await db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, actor.workspaceId);
    const next = await resolveRoleRef(tx, actor.workspaceId, ref);
    const from = await guardMembershipChange(tx, actor, userId, next);
    if (from.role === next.role && from.roleId === next.roleId) return false;
    await tx
      .updateTable('memberships')
      .set({ role: next.role, role_id: next.roleId })
      .where('workspace_id', '=', actor.workspaceId)
      .where('user_id', '=', userId)
      .execute();
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'member.role_changed',
      actorUserId: actor.userId,
      // The ids only when a custom role is involved: the payload for built-in roles is as it always was.
      data: {
        userId,
        from: from.role,
        to: next.role,
        ...(from.roleId || next.roleId ? { fromRoleId: from.roleId, toRoleId: next.roleId } : {}),
      },
      at: now,
    });
    return true;
  });
  if (changed) app.bus.poke(actor.workspaceId);
  const [member] = await listMembers(db, actor.workspaceId, userId);
  return member;
}
