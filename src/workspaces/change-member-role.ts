import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../store/schema.js';
import { listMembers, type MemberView } from './list-members.js';
import { lockWorkspace } from './lock-workspace.js';
import { guardMembershipChange } from './owner-guard.js';

/** Gives a member another role; a change takes effect on their very next request. */
export async function changeMemberRole(app: App, actor: Principal, userId: string, role: Role): Promise<MemberView> {
  const db = app.store.db;
  const now = app.now();
  const changed = await db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, actor.workspaceId);
    const from = await guardMembershipChange(tx, actor, userId, role);
    if (from === role) return false;
    await tx.updateTable('memberships').set({ role }).where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).execute();
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      type: 'member.role_changed',
      actorUserId: actor.userId,
      data: { userId, from, to: role },
      at: now,
    });
    return true;
  });
  if (changed) app.bus.poke(actor.workspaceId);
  const [member] = await listMembers(db, actor.workspaceId, userId);
  return member;
}
