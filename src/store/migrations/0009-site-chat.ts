import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Migration 0009, from the channels work of issue #3 (site chat, WhatsApp templates). The site
 * chat itself needs no table (visitors are contacts with a "site" identity, their chats ordinary
 * conversations); WhatsApp message templates synced from the Business Management API do:
 * one row per channel, template name and language (src/channel-admin/sync-templates.ts).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('channel_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('external_id', 'text') // Meta's template id
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // APPROVED, PENDING, REJECTED, PAUSED, DISABLED…
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull()) // JSON, as Meta returned it
    .addColumn('body_params', 'integer', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_templates_uq').on('channel_templates').columns(['channel_id', 'name', 'language']).unique().execute();
}
