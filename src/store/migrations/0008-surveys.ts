import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Customer surveys after resolution (CSAT / NPS / CES, see docs/surveys.md), the buttons a
 * message may carry (Telegram inline keyboard, Messenger/Instagram quick replies), and the
 * e-mailed report schedule of each workspace (docs/reports.md).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('survey_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON SurveySettings
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // csat | nps | ces
    // scheduled → sent → answered; or cancelled (reopened before it fired) / skipped / failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    // the resolution this survey asks about: matches the conversation's resolved_at until it reopens
    .addColumn('resolved_at', 'bigint', (c) => c.notNull())
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('delivery', 'text') // buttons | link
    .addColumn('message_id', 'text')
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_via', 'text') // page | telegram | messenger | instagram
    .addColumn('wow', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wow_by', 'text')
    .addColumn('wow_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_conv_ix').on('surveys').columns(['conversation_id', 'created_at']).execute();
  await db.schema.createIndex('surveys_answered_ix').on('surveys').columns(['workspace_id', 'answered_at']).execute();

  // JSON [{label, payload}]: answer buttons the sender shows where its network has them.
  await db.schema.alterTable('messages').addColumn('buttons', 'text').execute();

  await db.schema
    .createTable('report_schedules')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('frequency', 'text', (c) => c.notNull()) // weekly | monthly
    .addColumn('recipients', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint')
    .addColumn('last_sent_at', 'bigint')
    .addColumn('last_period', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
