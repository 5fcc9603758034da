import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The contacts directory (issue 20):
 * - contacts.email / contacts.phone: the person's own e-mail (lower-cased) and phone (E.164),
 *   searched by the directory and the conversation search, matched by the CSV import.
 * - contact_attribute_defs: a workspace's custom attribute definitions (key, label, type,
 *   options for select), used to validate contact attributes and by saved replies and rules.
 * - contact_merges: what each merge moved (identities, conversations, the survivor's details
 *   before), so it can be undone; undone_at is set by the unmerge.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('email', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('phone', 'text').execute();
  await db.schema.createIndex('contacts_ws_email_ix').on('contacts').columns(['workspace_id', 'email']).execute();
  await db.schema.createIndex('contacts_ws_phone_ix').on('contacts').columns(['workspace_id', 'phone']).execute();

  await db.schema
    .createTable('contact_attribute_defs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contact_attribute_defs_ws_key_uq', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('contact_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('undone_at', 'bigint')
    .execute();
  await db.schema.createIndex('contact_merges_ws_merged_ix').on('contact_merges').columns(['workspace_id', 'merged_id']).execute();
  await db.schema.createIndex('contact_merges_ws_survivor_ix').on('contact_merges').columns(['workspace_id', 'survivor_id']).execute();
}
