import type { App } from '../../app.js';
import { CONVERSATION_SCOPED } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { invalid, notFound } from '../../lib/errors.js';
import { lockWorkspace } from '../lock-workspace.js';
import { guardGrant } from '../owner-guard.js';
import { type RoleRef, resolveRoleRef } from '../roles/role-ref.js';
import { listTeams, type TeamView } from './list-teams.js';

/**
 * Sets (or with null clears) a team member's role inside the team: on that team's conversations
 * they hold their workspace role's permissions plus this role's conversation permissions
 * (auth/access.ts). Owner is not a team role. The member must be in the team (404).
 */
export async function setTeamRole(app: App, actor: Principal, teamId: string, userId: string, ref: RoleRef | null): Promise<TeamView> {
  const ws = actor.workspaceId;
  const now = app.now();
  if (ref?.role === 'owner') throw invalid('role', 'owner is a workspace role, not a team role');
  const changed = await app.store.db.transaction().execute(async (tx) => {
    await lockWorkspace(tx, app.store.dialect, ws);
    const team = await tx.selectFrom('teams').select('id').where('workspace_id', '=', ws).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw notFound('team');
    const inTeam = await tx
      .selectFrom('team_members')
      .select('user_id')
      .where('workspace_id', '=', ws)
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!inTeam) throw notFound('team member');
    const current = await tx
      .selectFrom('team_roles')
      .select(['role', 'role_id'])
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const next = ref ? await resolveRoleRef(tx, ws, ref) : null;
    if (next)
      guardGrant(
        actor,
        next.permissions.filter((p) => CONVERSATION_SCOPED.has(p)),
      );
    if ((current?.role ?? null) === (next?.role ?? null) && (current?.role_id ?? null) === (next?.roleId ?? null)) return false;
    await tx.deleteFrom('team_roles').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    if (next) await tx.insertInto('team_roles').values({ workspace_id: ws, team_id: teamId, user_id: userId, role: next.role, role_id: next.roleId }).execute();
    await appendEvent(tx, {
      workspaceId: ws,
      type: 'team.member_role_changed',
      actorUserId: actor.userId,
      data: { teamId, userId, role: next?.role ?? null, roleId: next?.roleId ?? null },
      at: now,
    });
    return true;
  });
  if (changed) app.bus.poke(ws);
  const [view] = await listTeams(app.store.db, ws, teamId);
  return view!;
}
