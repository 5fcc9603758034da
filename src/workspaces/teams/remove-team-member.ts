import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../lib/errors.js';

/** Takes a member out of a team of this workspace; 404 when the team is not here or they are not in it. */
export async function removeTeamMember(app: App, actor: Principal, teamId: string, userId: string): Promise<void> {
  const ws = actor.workspaceId;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const res = await tx
      .deleteFrom('team_members')
      .where('workspace_id', '=', ws)
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('team member');
    // Their role in the team goes with their place in it.
    await tx.deleteFrom('team_roles').where('workspace_id', '=', ws).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    await tx.deleteFrom('team_routing_members').where('workspace_id', '=', ws).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    await appendEvent(tx, { workspaceId: ws, type: 'team.member_removed', actorUserId: actor.userId, data: { teamId, userId }, at: now });
  });
  app.bus.poke(ws);
}
