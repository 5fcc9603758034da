import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Indexes that let the queue's common views (conversations/list-conversations.ts) read one page
 * straight off an index instead of sorting every matching conversation of a big workspace
 * (measured by bench/, figure "list_p95_ms"). Each replaces a narrower index it extends.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // "assigned to me, open, newest first": filter and order in one index range.
  await db.schema.dropIndex('conv_assignee_ix').execute();
  await db.schema.createIndex('conv_assignee_ix').on('conversations').columns(['workspace_id', 'assignee_id', 'status', 'last_message_at', 'id']).execute();

  // "oldest waiting first" sorts by coalesce(waiting_since, NOT_WAITING): the expression must be
  // written exactly as the query writes it (NOT_WAITING = Number.MAX_SAFE_INTEGER) for either
  // engine to use the index. The parentheses are required by PostgreSQL and accepted by SQLite.
  await sql`CREATE INDEX conv_waiting_ix ON conversations (workspace_id, status, (coalesce(waiting_since, 9007199254740991)), id)`.execute(db);

  // The tag filter's subquery reads conversation ids from the index alone.
  await db.schema.dropIndex('conv_tags_tag_ix').execute();
  await db.schema.createIndex('conv_tags_tag_ix').on('conversation_tags').columns(['workspace_id', 'tag', 'conversation_id']).execute();
}
