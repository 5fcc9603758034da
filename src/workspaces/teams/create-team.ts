import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import type { Principal } from '../../auth/principal.js';
import { conflict } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { isUniqueViolation } from '../is-unique-violation.js';
import type { TeamView } from './list-teams.js';

/** Creates a team; names are unique within a workspace (409 otherwise). */
export async function createTeam(app: App, actor: Principal, name: string): Promise<TeamView> {
  const now = app.now();
  const id = newId(now);
  try {
    await app.store.db.transaction().execute(async (tx) => {
      await tx.insertInto('teams').values({ id, workspace_id: actor.workspaceId, name, created_at: now }).execute();
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'team.created', actorUserId: actor.userId, data: { teamId: id, name }, at: now });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`a team named "${name}" already exists`);
    throw err;
  }
  app.bus.poke(actor.workspaceId);
  return { id, name, createdAt: now, members: [], roles: [] };
}
