import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB, MemberRole } from '../store/schema.js';
import { loadAccess } from './access.js';
import type { Permission } from './permissions.js';

export interface WorkspaceChoice {
  id: string;
  name: string;
  role: MemberRole;
  /** The custom role's name, present only when role is 'custom'. */
  roleName?: string;
}

export interface SessionView {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: MemberRole;
  roleId: string | null;
  roleName: string | null;
  /** What the workspace role allows (auth/permissions.ts): the web app shows only what these allow. */
  permissions: Permission[];
  /** Team id → what the member's role in that team adds on that team's conversations. */
  teamPermissions: Record<string, Permission[]>;
  workspaces: WorkspaceChoice[];
}

/** Every workspace a user belongs to, oldest membership first (the default one to sign in to). */
export async function listUserWorkspaces(db: Kysely<DB>, userId: string): Promise<WorkspaceChoice[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['workspaces.id', 'workspaces.name', 'memberships.role', 'roles.name as role_name'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('workspaces.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, ...(r.role === 'custom' && r.role_name ? { roleName: r.role_name } : {}) }));
}

/** Who is signed in, where, what they may do, and where else they could be: the shape login, switch and /me share. */
export async function loadSessionView(db: Kysely<DB>, userId: string, workspaceId: string): Promise<SessionView> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user');
  const workspaces = await listUserWorkspaces(db, userId);
  const current = workspaces.find((w) => w.id === workspaceId);
  const access = current && (await loadAccess(db, workspaceId, userId));
  if (!current || !access) throw notFound('workspace');
  return {
    user,
    workspace: { id: current.id, name: current.name },
    role: access.role,
    roleId: access.roleId,
    roleName: access.roleName,
    permissions: [...access.permissions],
    teamPermissions: Object.fromEntries([...access.teamPermissions].map(([team, set]) => [team, [...set]])),
    workspaces,
  };
}
