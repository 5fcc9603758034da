import type { App } from '../../app.js';
import { ALL_PERMISSIONS, type Permission } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { appendEvent } from '../../events/append.js';
import { conflict, invalid } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { isUniqueViolation } from '../is-unique-violation.js';
import { guardGrant } from '../owner-guard.js';
import { listRoles, type RoleView } from './list-roles.js';

export interface RoleInput {
  name: string;
  description: string;
  permissions: Permission[];
}

const BUILT_IN_NAMES = new Set(['owner', 'admin', 'agent', 'viewer', 'custom']);

/** A custom role's name must not pass for a built-in one (in any case), nor the 'custom' marker. */
export function checkRoleName(name: string): void {
  if (BUILT_IN_NAMES.has(name.toLowerCase())) throw invalid('name', `"${name}" is the name of a built-in role`);
}

/** Stored in catalog order, once each, so two roles with the same permissions look the same. */
export const canonical = (ps: readonly Permission[]): Permission[] => ALL_PERMISSIONS.filter((p) => ps.includes(p));

/** Creates a custom role; names are unique in the workspace (409). Only permissions the actor holds may go in. */
export async function createRole(app: App, actor: Principal, input: RoleInput): Promise<RoleView> {
  checkRoleName(input.name);
  const permissions = canonical(input.permissions);
  guardGrant(actor, permissions);
  const now = app.now();
  const id = newId(now);
  try {
    await app.store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('roles')
        .values({
          id,
          workspace_id: actor.workspaceId,
          name: input.name,
          description: input.description,
          permissions: JSON.stringify(permissions),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'role.created',
        actorUserId: actor.userId,
        data: { roleId: id, name: input.name, permissions },
        at: now,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`a role named "${input.name}" already exists`);
    throw err;
  }
  app.bus.poke(actor.workspaceId);
  const [role] = await listRoles(app.store.db, actor.workspaceId, id);
  return role!;
}
