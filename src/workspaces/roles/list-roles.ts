import type { Kysely } from 'kysely';
import { BUILT_IN_PERMISSIONS, PERMISSIONS, type Permission, type PermissionGroup, parsePermissions } from '../../auth/permissions.js';
import { notFound } from '../../lib/errors.js';
import type { DB, Role } from '../../store/schema.js';

export interface RoleView {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  createdAt: number;
  updatedAt: number;
  /** How many members have it as their workspace role, and how many team places use it. */
  members: number;
  teamPlaces: number;
}

export interface RolesCatalog {
  roles: RoleView[];
  builtIn: Array<{ role: Role; permissions: Permission[] }>;
  permissions: Array<{ name: Permission; group: PermissionGroup; doc: string }>;
}

/** The workspace's own roles by name; with roleId just that one (404 when not here). */
export async function listRoles(db: Kysely<DB>, workspaceId: string, roleId?: string): Promise<RoleView[]> {
  let q = db.selectFrom('roles').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id');
  if (roleId) q = q.where('id', '=', roleId);
  const rows = await q.execute();
  if (roleId && !rows.length) throw notFound('role');
  const count = async (table: 'memberships' | 'team_roles') =>
    new Map(
      (
        await db
          .selectFrom(table)
          .select(['role_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', workspaceId)
          .where('role', '=', 'custom')
          .groupBy('role_id')
          .execute()
      ).map((r) => [r.role_id, Number(r.n)]),
    );
  const [members, places] = [await count('memberships'), await count('team_roles')];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    permissions: parsePermissions(r.permissions),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    members: members.get(r.id) ?? 0,
    teamPlaces: places.get(r.id) ?? 0,
  }));
}

/** What GET /roles answers: the custom roles, what the built-in ones allow, and the permission catalog. */
export async function rolesCatalog(db: Kysely<DB>, workspaceId: string): Promise<RolesCatalog> {
  return {
    roles: await listRoles(db, workspaceId),
    builtIn: (['viewer', 'agent', 'admin', 'owner'] as const).map((role) => ({ role, permissions: [...BUILT_IN_PERMISSIONS[role]] })),
    permissions: (Object.keys(PERMISSIONS) as Permission[]).map((name) => ({ name, group: PERMISSIONS[name].group, doc: PERMISSIONS[name].doc })),
  };
}
