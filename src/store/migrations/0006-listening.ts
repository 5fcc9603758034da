import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Listening (docs/listening.md): saved queries, configured sources with their persisted cursors
 * and rate-limit state, every post a source fetched (deduplicated per workspace by source and
 * source id, kept for previews), and the mentions feed: the posts some query matched.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const ts = 'bigint';
  await db.schema
    .createTable('listening_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('accent_sensitive', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('listening_queries_name_uq', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('listening_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('secrets_enc', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('poll_interval_s', 'integer', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('next_poll_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('listening_sources_due_ix').on('listening_sources').columns(['active', 'next_poll_at']).execute();

  await db.schema
    .createTable('listening_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_item_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('author_name', 'text')
    .addColumn('url', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_folded', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('posted_at', ts, (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('fetched_at', ts, (c) => c.notNull())
    .addUniqueConstraint('listening_posts_item_uq', ['workspace_id', 'source_kind', 'source_item_id'])
    .execute();
  await db.schema.createIndex('listening_posts_recent_ix').on('listening_posts').columns(['workspace_id', 'fetched_at']).execute();

  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('post_id', 'text', (c) => c.notNull().unique().references('listening_posts.id'))
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('intent', 'text')
    .addColumn('needs_reply', 'integer')
    .addColumn('troll_score', 'real')
    .addColumn('analysis', 'text', (c) => c.notNull())
    .addColumn('suggestion', 'text', (c) => c.notNull())
    .addColumn('suggestion_reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('acted_by', 'text')
    .addColumn('acted_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mentions_feed_ix').on('mentions').columns(['workspace_id', 'id']).execute();

  await db.schema
    .createTable('mention_queries')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
    .addColumn('query_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_queries_pk', ['mention_id', 'query_id'])
    .execute();
  await db.schema.createIndex('mention_queries_query_ix').on('mention_queries').columns(['query_id', 'mention_id']).execute();

  // Alerts (src/listening/alerts): rules per workspace, and the alerts they raised.
  await db.schema
    .createTable('listening_alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('query_id', 'text')
    .addColumn('keyword', 'text')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('webhook_url_enc', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('checked_until', 'text')
    .addColumn('last_fired_at', ts)
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('listening_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('query_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('mention_ids', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('delivery_error', 'text')
    .addColumn('read_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('listening_alerts_ws_ix').on('listening_alerts').columns(['workspace_id', 'id']).execute();
}
