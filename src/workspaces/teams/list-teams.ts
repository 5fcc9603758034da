import type { Kysely } from 'kysely';
import { notFound } from '../../lib/errors.js';
import type { DB } from '../../store/schema.js';

export interface TeamView {
  id: string;
  name: string;
  createdAt: number;
  members: Array<{ id: string; name: string; email: string }>;
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
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    members: members.filter((m) => m.team_id === t.id).map((m) => ({ id: m.id, name: m.name, email: m.email })),
  }));
}
