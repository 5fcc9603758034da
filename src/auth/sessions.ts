import type { Kysely } from 'kysely';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import type { DB } from '../store/schema.js';

/** The cookie holds a random token; the table keys sessions by its sha256, like API tokens. */
export interface SessionInput {
  userId: string;
  workspaceId: string;
  now: number;
  days: number;
  /** Where the sign-in came from, for the sessions list (Settings → Account). */
  ip?: string;
  userAgent?: string;
}

export async function createSession(db: Kysely<DB>, input: SessionInput) {
  const token = randomToken(32);
  const csrf = randomToken(24);
  await db
    .insertInto('sessions')
    .values({
      id: sha256Hex(token),
      user_id: input.userId,
      workspace_id: input.workspaceId,
      csrf_token: csrf,
      created_at: input.now,
      expires_at: input.now + input.days * 86_400_000,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      last_seen_at: input.now,
    })
    .execute();
  return { token, csrf };
}

export async function findSession(db: Kysely<DB>, token: string, now: number) {
  return db
    .selectFrom('sessions')
    .innerJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'sessions.user_id').onRef('memberships.workspace_id', '=', 'sessions.workspace_id'))
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['sessions.id', 'sessions.user_id', 'sessions.workspace_id', 'sessions.csrf_token', 'memberships.role', 'memberships.role_id'])
    .select(['roles.name as role_name', 'roles.permissions as role_permissions'])
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('workspaces', 'workspaces.id', 'sessions.workspace_id')
    .select(['users.must_change_password', 'users.totp_enabled_at', 'workspaces.require_two_factor', 'sessions.last_seen_at'])
    .where('sessions.id', '=', sha256Hex(token))
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<DB>, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Records activity for the sessions list, at most once a minute per session (one write, not one per request). */
export async function touchSession(db: Kysely<DB>, sessionId: string, lastSeen: number | null, now: number) {
  if (lastSeen !== null && now - lastSeen < 60_000) return;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}
