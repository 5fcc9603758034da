import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The intake spool (src/intake/spool/): how far the worker has moved each spool segment into the
 * journal, written in the same transaction as the journal rows it made. Used by embedded mode only
 * (the receiver appends to a file beside the database); created on both databases so the schema
 * stays one.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('intake_spool')
    .addColumn('segment', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
}
