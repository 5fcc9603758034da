import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB, Role } from '../store/schema.js';

export interface WorkspaceChoice {
  id: string;
  name: string;
  role: Role;
}

export interface SessionView {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: Role;
  workspaces: WorkspaceChoice[];
}

/** Every workspace a user belongs to, oldest membership first (the default one to sign in to). */
export async function listUserWorkspaces(db: Kysely<DB>, userId: string): Promise<WorkspaceChoice[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['workspaces.id', 'workspaces.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('workspaces.id')
    .execute();
}

/** Who is signed in, where, and where else they could be: the shape login, switch and /me share. */
export async function loadSessionView(db: Kysely<DB>, userId: string, workspaceId: string): Promise<SessionView> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user');
  const workspaces = await listUserWorkspaces(db, userId);
  const current = workspaces.find((w) => w.id === workspaceId);
  if (!current) throw notFound('workspace');
  return { user, workspace: { id: current.id, name: current.name }, role: current.role, workspaces };
}
