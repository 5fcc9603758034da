import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Files an agent uploads to send (docs: README "Attachments"). The bytes live in the
 * content-addressed media store, shared by every workspace; this row is what makes a stored key
 * one workspace's: a reply may only attach (and GET /api/v1/media may only serve) keys its own
 * workspace uploaded or received.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('media_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_uploads_ws_key').on('media_uploads').columns(['workspace_id', 'key']).execute();
}
