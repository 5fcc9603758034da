import type { Kysely } from 'kysely';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import type { DB } from '../store/schema.js';

/**
 * API tokens look like "hk_<43 chars>"; only their sha256 is stored (a leaked database does not
 * leak usable tokens). The token is shown once, at creation. sha256 rather than argon2 is enough
 * because the token has 256 bits of entropy and must be checked on every request.
 */
export async function createApiToken(db: Kysely<DB>, input: { workspaceId: string; userId: string; name: string; now: number }) {
  const token = `hk_${randomToken(32)}`;
  const row = {
    id: newId(input.now),
    workspace_id: input.workspaceId,
    user_id: input.userId,
    name: input.name,
    token_hash: sha256Hex(token),
    prefix: token.slice(0, 7),
    created_at: input.now,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, id: row.id, name: row.name, prefix: row.prefix, createdAt: row.created_at };
}

export async function findApiToken(db: Kysely<DB>, token: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('memberships', (j) =>
      j.onRef('memberships.user_id', '=', 'api_tokens.user_id').onRef('memberships.workspace_id', '=', 'api_tokens.workspace_id'),
    )
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.workspace_id', 'memberships.role', 'memberships.role_id'])
    .select(['roles.name as role_name', 'roles.permissions as role_permissions'])
    .where('api_tokens.token_hash', '=', sha256Hex(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}
