import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../lib/errors.js';
import { listTeams, type TeamView } from './list-teams.js';

/** Puts a member of this workspace in a team; both must be here (404). Adding twice is a no-op. */
export async function addTeamMember(app: App, actor: Principal, teamId: string, userId: string): Promise<TeamView> {
  const ws = actor.workspaceId;
  const now = app.now();
  const added = await app.store.db.transaction().execute(async (tx) => {
    const team = await tx.selectFrom('teams').select('id').where('workspace_id', '=', ws).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw notFound('team');
    const member = await tx.selectFrom('memberships').select('user_id').where('workspace_id', '=', ws).where('user_id', '=', userId).executeTakeFirst();
    if (!member) throw notFound('member');
    const res = await tx
      .insertInto('team_members')
      .values({ workspace_id: ws, team_id: teamId, user_id: userId })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await appendEvent(tx, { workspaceId: ws, type: 'team.member_added', actorUserId: actor.userId, data: { teamId, userId }, at: now });
    return true;
  });
  if (added) app.bus.poke(ws);
  const [team] = await listTeams(app.store.db, ws, teamId);
  return team;
}
