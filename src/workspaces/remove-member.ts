import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import type { Principal } from '../auth/principal.js';
import { lockWorkspace } from './lock-workspace.js';
import { guardMembershipChange } from './owner-guard.js';

/**
 * Takes a person out of the workspace: their membership, team places and team roles, sessions and API tokens here
 * go with it, so they lose access at once. The account itself stays (it may belong elsewhere).
 */
export async function removeMember(app: App, actor: Principal, userId: string): Promise<void> {
  const ws = actor.workspaceId;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, ws);
    const { role } = await guardMembershipChange(tx, actor, userId, null);
    await tx.deleteFrom('team_roles').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('team_members').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('team_routing_members').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('member_availability').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('sessions').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('api_tokens').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    await tx.deleteFrom('memberships').where('workspace_id', '=', ws).where('user_id', '=', userId).execute();
    // Their open work goes back to the unassigned queue rather than waiting on someone who left.
    await tx
      .updateTable('conversations')
      .set({ assignee_id: null, updated_at: now })
      .where('workspace_id', '=', ws)
      .where('assignee_id', '=', userId)
      .execute();
    await appendEvent(tx, { workspaceId: ws, type: 'member.removed', actorUserId: actor.userId, data: { userId, role }, at: now });
  });
  app.bus.poke(ws);
}
