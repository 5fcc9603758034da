import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Spam and removed items leave the queue (issue 20, defect 4; src/conversations/spam/):
 * - conversations.spam_at: when the conversation was marked spam (by an agent or by triage);
 *   null = not spam. spam_source 'agent' | 'triage', spam_by the agent's user id, and for
 *   triage the signal that decided ('spam' intent or 'troll' score) and its score, so the app
 *   can say why.
 * - conversations.spam_cleared_at: the last "Not spam"; triage does not mark the conversation
 *   again for messages that arrived before it (a person's word wins over the engine's).
 * - conversations.removed_at: every customer message that was waiting for an answer was removed
 *   (deleted by the customer or the team); nothing waits, the conversation leaves the queue until
 *   a customer writes again or a removed message comes back.
 * All nullable, so every existing conversation stays exactly where it was.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('spam_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('spam_source', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('spam_by', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('spam_signal', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('spam_score', 'real').execute();
  await db.schema.alterTable('conversations').addColumn('spam_cleared_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('removed_at', 'bigint').execute();
  // The Spam folder lists a workspace's spam newest first.
  await db.schema.createIndex('conv_spam_ix').on('conversations').columns(['workspace_id', 'spam_at']).execute();
}
