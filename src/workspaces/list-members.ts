import type { Kysely } from 'kysely';
import type { DB, Role } from '../store/schema.js';

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: number;
  teams: Array<{ id: string; name: string }>;
}

/** The people of a workspace with their role and teams, in the order they joined. */
export async function listMembers(db: Kysely<DB>, workspaceId: string, onlyUserId?: string): Promise<MemberView[]> {
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
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
  return members.map((m) => ({
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    joinedAt: m.created_at,
    teams: teamRows.filter((t) => t.user_id === m.id).map((t) => ({ id: t.id, name: t.name })),
  }));
}
