import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.js';
import type { DB } from '../store/schema.js';

/** Who did it, as the audit log records it. `userId` null: the command line or Hearken itself. */
export interface AuditActor {
  userId: string | null;
  /** Set when a member acted through an API token rather than a session. */
  via?: 'session' | 'token' | 'cli' | 'system';
}

export interface AuditEntry {
  workspaceId: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  /** What changed: ids, keys, counts, before/after of settings. Never message text, secrets or the erased person's data. */
  data?: Record<string, unknown>;
  now: number;
}

/**
 * Appends one audit entry, in the caller's transaction so the entry exists exactly when the
 * change does. The actor's display name is copied in: the trail must still read right after the
 * member has left the workspace or the account was deleted.
 */
export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  const actor = await actorLabel(db, e.actor);
  await db
    .insertInto('audit_log')
    .values({
      id: newId(e.now),
      workspace_id: e.workspaceId,
      actor_user_id: e.actor.userId,
      actor,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId ?? null,
      data: JSON.stringify(e.data ?? {}),
      created_at: e.now,
    })
    .execute();
}

/** "Name <email>", with "(API token)" when a token acted; "command line" or "Hearken" without a member. */
export async function actorLabel(db: Kysely<DB>, a: AuditActor): Promise<string> {
  if (!a.userId) return a.via === 'cli' ? 'command line' : 'Hearken';
  const u = await db.selectFrom('users').select(['name', 'email']).where('id', '=', a.userId).executeTakeFirst();
  const label = u ? `${u.name} <${u.email}>` : a.userId;
  return a.via === 'token' ? `${label} (API token)` : label;
}
