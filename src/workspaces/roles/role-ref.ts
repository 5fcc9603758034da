import type { Kysely } from 'kysely';
import { BUILT_IN_PERMISSIONS, type Permission, parsePermissions } from '../../auth/permissions.js';
import { invalid } from '../../lib/errors.js';
import type { DB, MemberRole, Role } from '../../store/schema.js';

/** How the API names a role to give: a built-in one by name, or one of the workspace's own by id. */
export type RoleRef = { role: Role; roleId?: undefined } | { roleId: string; role?: undefined };

export interface ResolvedRole {
  role: MemberRole;
  roleId: string | null;
  permissions: Permission[];
}

/**
 * Looks the role up in this workspace (inside the caller's transaction). A custom role of another
 * workspace, or none, is a 400 on roleId: ids never reach across workspaces.
 */
export async function resolveRoleRef(tx: Kysely<DB>, workspaceId: string, ref: RoleRef): Promise<ResolvedRole> {
  if (ref.roleId === undefined) return { role: ref.role, roleId: null, permissions: [...BUILT_IN_PERMISSIONS[ref.role]] };
  const r = await tx.selectFrom('roles').select(['id', 'permissions']).where('workspace_id', '=', workspaceId).where('id', '=', ref.roleId).executeTakeFirst();
  if (!r) throw invalid('roleId', 'is not a role of this workspace');
  return { role: 'custom', roleId: r.id, permissions: parsePermissions(r.permissions) };
}
