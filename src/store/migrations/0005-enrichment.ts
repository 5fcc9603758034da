import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/** What the triage engine found in each customer message, and the queue of messages not yet analysed. */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('messages').addColumn('language', 'text').execute();
  await db.schema.alterTable('messages').addColumn('sentiment', 'text').execute();
  await db.schema.alterTable('messages').addColumn('intent', 'text').execute();
  await db.schema.alterTable('messages').addColumn('analysis', 'text').execute();
  await db.schema.alterTable('messages').addColumn('enriched_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('intent', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('needs_reply', 'integer').execute();
  // Partial index: the enrichment worker's queue stays small however many messages exist.
  await sql`CREATE INDEX messages_unenriched_ix ON messages (created_at) WHERE direction = 'in' AND enriched_at IS NULL`.execute(db);
  await db.schema.createIndex('conv_language_ix').on('conversations').columns(['workspace_id', 'language', 'last_message_at']).execute();
  await db.schema.createIndex('conv_sentiment_ix').on('conversations').columns(['workspace_id', 'sentiment', 'last_message_at']).execute();
}
