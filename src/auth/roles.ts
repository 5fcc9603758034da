import { forbidden } from '../lib/errors.js';
import type { Role } from '../store/schema.js';

const rank: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** viewer < agent < admin < owner: viewers read, agents work conversations, admins configure, owners own. */
export function atLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function requireRole(principal: { role: Role }, needed: Role): void {
  if (!atLeast(principal.role, needed)) throw forbidden(`this needs the ${needed} role or higher; you are ${principal.role}`);
}
