import type { Kysely } from 'kysely';
import type { DB, ModerationActionTable } from '../store/schema.js';

/** The API's shape of one moderation action: the thread shows it beside its comment ("hiding…", the network's refusal). */
export function presentModeration(a: ModerationActionTable) {
  return {
    id: a.id,
    messageId: a.message_id,
    action: a.action,
    /** queued (on its way; `error` = the last temporary failure while retrying), done, or failed (`error` = the network's words). */
    status: a.status,
    error: a.error,
    actorUserId: a.actor_user_id,
    createdAt: new Date(a.created_at).toISOString(),
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

/** The latest moderation action of each of these messages (one query), by message id. */
export async function latestModeration(db: Kysely<DB>, messageIds: string[]): Promise<Map<string, ReturnType<typeof presentModeration>>> {
  const out = new Map<string, ReturnType<typeof presentModeration>>();
  if (!messageIds.length) return out;
  const rows = await db
    .selectFrom('moderation_actions')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.message_id)) out.set(r.message_id, presentModeration(r));
  return out;
}
