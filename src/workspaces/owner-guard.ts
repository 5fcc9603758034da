import type { Kysely } from 'kysely';
import { permissionsOf } from '../auth/access.js';
import type { Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { conflict, forbidden, notFound } from '../lib/errors.js';
import type { DB, MemberRole } from '../store/schema.js';

/**
 * No one hands out what they do not hold: a role given (to a member, in a team, or written into a
 * custom role) must not allow anything the actor's own workspace role does not. Admins and owners
 * hold every permission, so this only ever limits custom roles that include members.manage.
 */
export function guardGrant(actor: Principal, permissions: readonly Permission[]): void {
  const missing = permissions.filter((p) => !actor.permissions.has(p));
  if (missing.length) throw forbidden(`you cannot grant permissions you do not have yourself: ${missing.join(', ')}`);
}

/**
 * The rules every membership change shares, checked inside the locked transaction: the member
 * exists here (else 404), only an owner touches an owner, the last owner stays one, and the actor
 * holds every permission of the member's current role and of the next (guardGrant).
 * `next` is the role the member will have afterwards (null when they are removed).
 */
export async function guardMembershipChange(
  tx: Kysely<DB>,
  actor: Principal,
  userId: string,
  next: { role: MemberRole; permissions: readonly Permission[] } | null,
): Promise<{ role: MemberRole; roleId: string | null }> {
  const m = await tx
    .selectFrom('memberships')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['memberships.role', 'memberships.role_id', 'roles.permissions as role_permissions'])
    .where('memberships.workspace_id', '=', actor.workspaceId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  if (!m) throw notFound('member');
  if ((m.role === 'owner' || next?.role === 'owner') && actor.role !== 'owner') throw forbidden('only an owner can grant or remove the owner role');
  if (m.role === 'owner' && next?.role !== 'owner') {
    const owners = await tx
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    if (Number(owners.n) <= 1) throw conflict('a workspace needs at least one owner; make someone else owner first');
  }
  guardGrant(actor, permissionsOf(m));
  if (next) guardGrant(actor, next.permissions);
  return { role: m.role, roleId: m.role === 'custom' ? m.role_id : null };
}
