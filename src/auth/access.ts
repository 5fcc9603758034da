import type { Kysely } from 'kysely';
import type { DB, MemberRole } from '../store/schema.js';
import { BUILT_IN_PERMISSIONS, CONVERSATION_SCOPED, type Permission, parsePermissions } from './permissions.js';

/** What a member may do in one workspace, resolved once per request (http/auth-middleware.ts). */
export interface Access {
  role: MemberRole;
  /** The custom role's id when role is 'custom'. */
  roleId: string | null;
  /** The custom role's name when role is 'custom'. */
  roleName: string | null;
  /** From the workspace role. */
  permissions: ReadonlySet<Permission>;
  /**
   * Team id → the conversation permissions (auth/permissions.ts CONVERSATION_SCOPED) the member's
   * role in that team adds on that team's conversations. Only teams where they have a team role.
   */
  teamPermissions: ReadonlyMap<string, ReadonlySet<Permission>>;
}

/** A membership (or team role) row with its custom role's columns joined in (null for built-in roles). */
export interface RoleRow {
  role: MemberRole;
  role_id: string | null;
  role_name?: string | null;
  role_permissions: string | null;
}

/** The permissions a role grants: a built-in role's fixed set, or a custom role's stored one. */
export function permissionsOf(r: RoleRow): Permission[] {
  return r.role === 'custom' ? parsePermissions(r.role_permissions) : [...BUILT_IN_PERMISSIONS[r.role]];
}

/**
 * Completes a member's access from their membership row: their workspace role's permissions, and
 * one query for their team roles. Team roles count only while the member is in the team.
 */
export async function resolveAccess(db: Kysely<DB>, workspaceId: string, userId: string, m: RoleRow): Promise<Access> {
  const rows = await db
    .selectFrom('team_roles')
    .innerJoin('team_members', (j) => j.onRef('team_members.team_id', '=', 'team_roles.team_id').onRef('team_members.user_id', '=', 'team_roles.user_id'))
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'team_roles.role_id').onRef('roles.workspace_id', '=', 'team_roles.workspace_id'))
    .select(['team_roles.team_id', 'team_roles.role', 'team_roles.role_id', 'roles.permissions as role_permissions'])
    .where('team_roles.workspace_id', '=', workspaceId)
    .where('team_roles.user_id', '=', userId)
    .execute();
  const teamPermissions = new Map<string, ReadonlySet<Permission>>();
  for (const r of rows) teamPermissions.set(r.team_id, new Set(permissionsOf(r).filter((p) => CONVERSATION_SCOPED.has(p))));
  return {
    role: m.role,
    roleId: m.role === 'custom' ? m.role_id : null,
    roleName: m.role === 'custom' ? (m.role_name ?? null) : null,
    permissions: new Set(permissionsOf(m)),
    teamPermissions,
  };
}

/** A member's access in a workspace, from scratch; undefined when they are not a member. */
export async function loadAccess(db: Kysely<DB>, workspaceId: string, userId: string): Promise<Access | undefined> {
  const m = await db
    .selectFrom('memberships')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['memberships.role', 'memberships.role_id', 'roles.name as role_name', 'roles.permissions as role_permissions'])
    .where('memberships.workspace_id', '=', workspaceId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  return m ? resolveAccess(db, workspaceId, userId, m) : undefined;
}

/** Whether the member holds a permission on a conversation of this team (null: no team). */
export function canOn(a: Pick<Access, 'permissions' | 'teamPermissions'>, teamId: string | null, p: Permission): boolean {
  return a.permissions.has(p) || (teamId !== null && (a.teamPermissions.get(teamId)?.has(p) ?? false));
}

/** Whether any of the member's roles (workspace or a team's) holds the permission somewhere. */
export function canSomewhere(a: Pick<Access, 'permissions' | 'teamPermissions'>, p: Permission): boolean {
  if (a.permissions.has(p)) return true;
  for (const set of a.teamPermissions.values()) if (set.has(p)) return true;
  return false;
}
