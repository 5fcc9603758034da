import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { conflict, forbidden, notFound } from '../lib/errors.js';
import type { DB, Role } from '../store/schema.js';

/**
 * The rules every membership change shares, checked inside the locked transaction: the member
 * exists here (else 404), only an owner touches an owner, and the last owner stays one.
 * `next` is the role the member will have afterwards (null when they are removed).
 */
export async function guardMembershipChange(tx: Kysely<DB>, actor: Principal, userId: string, next: Role | null): Promise<Role> {
  const m = await tx.selectFrom('memberships').select('role').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).executeTakeFirst();
  if (!m) throw notFound('member');
  if ((m.role === 'owner' || next === 'owner') && actor.role !== 'owner') throw forbidden('only an owner can grant or remove the owner role');
  if (m.role === 'owner' && next !== 'owner') {
    const owners = await tx
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    if (Number(owners.n) <= 1) throw conflict('a workspace needs at least one owner; make someone else owner first');
  }
  return m.role;
}
