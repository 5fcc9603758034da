import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import type { Principal } from '../../auth/principal.js';
import { conflict, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../is-unique-violation.js';
import { listTeams, type TeamView } from './list-teams.js';

/** Renames a team of this workspace (404 for any other), keeping names unique (409). */
export async function renameTeam(app: App, actor: Principal, teamId: string, name: string): Promise<TeamView> {
  const now = app.now();
  try {
    await app.store.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('teams').set({ name }).where('workspace_id', '=', actor.workspaceId).where('id', '=', teamId).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound('team');
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.updated', actorUserId: actor.userId, data: { teamId, name }, at: now });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`a team named "${name}" already exists`);
    throw err;
  }
  app.bus.poke(actor.workspaceId);
  const [team] = await listTeams(app.store.db, actor.workspaceId, teamId);
  return team;
}
