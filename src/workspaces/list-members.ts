import type { Kysely } from 'kysely';
import type { DB, MemberRole } from '../store/schema.js';

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  /** The custom role (id and name) when role is 'custom', else null. */
  roleId: string | null;
  roleName: string | null;
  joinedAt: number;
  teams: Array<{ id: string; name: string }>;
  /** The member's role inside those of their teams where they have one (workspaces/teams/set-team-role.ts). */
  teamRoles: Array<{ teamId: string; role: MemberRole; roleId: string | null; roleName: string | null }>;
}

/** The people of a workspace with their role and teams, in the order they joined. */
export async function listMembers(db: Kysely<DB>, workspaceId: string, onlyUserId?: string): Promise<MemberView[]> {
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.role_id', 'roles.name as role_name', 'memberships.created_at'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('memberships.created_at')
    .orderBy('users.id');
  if (onlyUserId) q = q.where('users.id', '=', onlyUserId);
  const members = await q.execute();
  let tq = db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['team_members.user_id', 'teams.id', 'teams.name'])
    .where('team_members.workspace_id', '=', workspaceId)
    .where('teams.workspace_id', '=', workspaceId)
    .orderBy('teams.name');
  if (onlyUserId) tq = tq.where('team_members.user_id', '=', onlyUserId);
  const teamRows = await tq.execute();
  let rq = db
    .selectFrom('team_roles')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'team_roles.role_id').onRef('roles.workspace_id', '=', 'team_roles.workspace_id'))
    .select(['team_roles.user_id', 'team_roles.team_id', 'team_roles.role', 'team_roles.role_id', 'roles.name as role_name'])
    .where('team_roles.workspace_id', '=', workspaceId)
    .orderBy('team_roles.team_id');
  if (onlyUserId) rq = rq.where('team_roles.user_id', '=', onlyUserId);
  const roleRows = await rq.execute();
  return members.map((m) => ({
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    roleId: m.role === 'custom' ? m.role_id : null,
    roleName: m.role === 'custom' ? m.role_name : null,
    joinedAt: m.created_at,
    teams: teamRows.filter((t) => t.user_id === m.id).map((t) => ({ id: t.id, name: t.name })),
    teamRoles: roleRows
      .filter((r) => r.user_id === m.id)
      .map((r) => ({ teamId: r.team_id, role: r.role, roleId: r.role === 'custom' ? r.role_id : null, roleName: r.role === 'custom' ? r.role_name : null })),
  }));
}
