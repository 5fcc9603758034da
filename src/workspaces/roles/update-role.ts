import type { App } from '../../app.js';
import { parsePermissions } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { conflict, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../is-unique-violation.js';
import { guardGrant } from '../owner-guard.js';
import { canonical, checkRoleName, type RoleInput } from './create-role.js';
import { listRoles, type RoleView } from './list-roles.js';

/**
 * Renames, describes or changes the permissions of a custom role. Members who have it get the new
 * permissions on their next request. The actor must hold every permission the role had and gets.
 */
export async function updateRole(app: App, actor: Principal, roleId: string, input: Partial<RoleInput>): Promise<RoleView> {
  if (input.name !== undefined) checkRoleName(input.name);
  const ws = actor.workspaceId;
  const now = app.now();
  try {
    await app.store.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('roles').selectAll().where('workspace_id', '=', ws).where('id', '=', roleId).executeTakeFirst();
      if (!r) throw notFound('role');
      const before = parsePermissions(r.permissions);
      const permissions = input.permissions ? canonical(input.permissions) : before;
      guardGrant(actor, before);
      guardGrant(actor, permissions);
      const name = input.name ?? r.name;
      await tx
        .updateTable('roles')
        .set({ name, description: input.description ?? r.description, permissions: JSON.stringify(permissions), updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', roleId)
        .execute();
      await appendEvent(tx, { workspaceId: ws, type: 'role.updated', actorUserId: actor.userId, data: { roleId, name, permissions }, at: now });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`a role named "${input.name}" already exists`);
    throw err;
  }
  app.bus.poke(ws);
  const [role] = await listRoles(app.store.db, ws, roleId);
  return role!;
}
