import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../lib/errors.js';

/**
 * Deletes a team of this workspace. Its conversations stay, without a team, rather than pointing
 * at a team that no longer exists.
 */
export async function deleteTeam(app: App, actor: Principal, teamId: string): Promise<void> {
  const ws = actor.workspaceId;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const team = await tx.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', ws).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw notFound('team');
    await tx.updateTable('conversations').set({ team_id: null }).where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    await tx.deleteFrom('team_roles').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    await tx.deleteFrom('team_members').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    await tx.deleteFrom('team_routing_members').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    await tx.deleteFrom('team_routing').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    await tx.deleteFrom('teams').where('workspace_id', '=', ws).where('id', '=', teamId).execute();
    await appendEvent(tx, { workspaceId: ws, type: 'team.deleted', actorUserId: actor.userId, data: { teamId, name: team.name }, at: now });
  });
  app.bus.poke(ws);
}
