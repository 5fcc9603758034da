import type { Kysely } from 'kysely';
import { notFound } from '../../lib/errors.js';
import type { DB, MemberRole } from '../../store/schema.js';

export interface TeamView {
  id: string;
  name: string;
  createdAt: number;
  members: Array<{ id: string; name: string; email: string }>;
  /** The members' roles inside the team, for those who have one (set-team-role.ts). */
  roles: Array<{ userId: string; role: MemberRole; roleId: string | null; roleName: string | null }>;
}

/** The workspace's teams by name, each with its members; with teamId, just that one (404 if not here). */
export async function listTeams(db: Kysely<DB>, workspaceId: string, teamId?: string): Promise<TeamView[]> {
  let q = db.selectFrom('teams').select(['id', 'name', 'created_at']).where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id');
  if (teamId) q = q.where('id', '=', teamId);
  const teams = await q.execute();
  if (teamId && teams.length === 0) throw notFound('team');
  let mq = db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'users.id', 'users.name', 'users.email'])
    .where('team_members.workspace_id', '=', workspaceId)
    .orderBy('users.name');
  if (teamId) mq = mq.where('team_members.team_id', '=', teamId);
  const members = await mq.execute();
  let rq = db
    .selectFrom('team_roles')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'team_roles.role_id').onRef('roles.workspace_id', '=', 'team_roles.workspace_id'))
    .select(['team_roles.team_id', 'team_roles.user_id', 'team_roles.role', 'team_roles.role_id', 'roles.name as role_name'])
    .where('team_roles.workspace_id', '=', workspaceId)
    .orderBy('team_roles.user_id');
  if (teamId) rq = rq.where('team_roles.team_id', '=', teamId);
  const roles = await rq.execute();
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    members: members.filter((m) => m.team_id === t.id).map((m) => ({ id: m.id, name: m.name, email: m.email })),
    roles: roles
      .filter((r) => r.team_id === t.id)
      .map((r) => ({ userId: r.user_id, role: r.role, roleId: r.role === 'custom' ? r.role_id : null, roleName: r.role === 'custom' ? r.role_name : null })),
  }));
}
