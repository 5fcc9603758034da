import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Listening alerts by e-mail (docs/listening.md): a rule may name recipients, and each alert
 * keeps its e-mail delivery apart from its webhook delivery (they fail independently).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('listening_alert_rules')
    .addColumn('email_recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('listening_alerts')
    .addColumn('email_delivery', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema.alterTable('listening_alerts').addColumn('email_error', 'text').execute();
}
