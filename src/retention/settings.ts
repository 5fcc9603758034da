import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import type { DB, RetentionRunTable, RetentionSettingsTable } from '../store/schema.js';

/**
 * What a workspace keeps, and for how long (docs/retention.md). Every kind is kept forever (null)
 * until an admin sets a number of days; the minimums protect what other parts still need:
 * - journal: raw deliveries are how intake replays a delivery; networks retry for days;
 * - events: API clients polling GET /events and `reactors replay` read back through the log;
 * - media: a reply queued or retrying still needs its file;
 * - conversations: a customer writing within 7 days of a resolution reopens the conversation.
 */
export const RETENTION_LIMITS = {
  journalDays: { min: 7, max: 36_500 },
  eventsDays: { min: 30, max: 36_500 },
  mediaDays: { min: 30, max: 36_500 },
  conversationsDays: { min: 30, max: 36_500 },
} as const;

export type RetentionKey = keyof typeof RETENTION_LIMITS;
export const RETENTION_KEYS = Object.keys(RETENTION_LIMITS) as RetentionKey[];

const days = (k: RetentionKey) =>
  z
    .number()
    .int('must be a whole number of days')
    .min(RETENTION_LIMITS[k].min, `at least ${RETENTION_LIMITS[k].min} days, or null to keep forever`)
    .max(RETENTION_LIMITS[k].max, `at most ${RETENTION_LIMITS[k].max} days`)
    .nullable()
    .optional();

/** A change of settings: each kind a number of days or null (forever); a kind left out stays as it is. */
export const retentionSchema = z.strictObject({
  journalDays: days('journalDays').describe('raw inbound deliveries (the journal), in days; null = forever'),
  eventsDays: days('eventsDays').describe('the event log, in days; null = forever'),
  mediaDays: days('mediaDays').describe('stored attachments and uploads, in days; null = forever'),
  conversationsDays: days('conversationsDays').describe('resolved conversations untouched for this many days are deleted; null = forever'),
});
export type RetentionChange = z.output<typeof retentionSchema>;
export type RetentionSettings = Record<RetentionKey, number | null>;

export const loadRetentionRow = (db: Kysely<DB>, workspaceId: string) =>
  db.selectFrom('retention_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

export function settingsOf(row: Selectable<RetentionSettingsTable> | undefined): RetentionSettings {
  const n = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    journalDays: n(row?.journal_days),
    eventsDays: n(row?.events_days),
    mediaDays: n(row?.media_days),
    conversationsDays: n(row?.conversations_days),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** A run as the API shows it: when, why, and what it removed per kind. */
export function presentRun(r: Selectable<RetentionRunTable>) {
  return {
    id: r.id,
    trigger: r.trigger,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    removed: {
      journal: Number(r.journal),
      events: Number(r.events),
      media: Number(r.media),
      conversations: Number(r.conversations),
      messages: Number(r.messages),
      files: Number(r.files),
    },
    error: r.error,
  };
}

/** The settings, their limits, the last run and the totals removed so far (GET /retention, `retention show`). */
export async function getRetention(app: App, workspaceId: string) {
  const db = app.store.db;
  const row = await loadRetentionRow(db, workspaceId);
  const last = await db
    .selectFrom('retention_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    ...settingsOf(row),
    limits: RETENTION_LIMITS,
    everyHours: app.config.retention.everyHours,
    lastRun: last ? presentRun(last) : null,
    totals: {
      journal: Number(row?.removed_journal ?? 0),
      events: Number(row?.removed_events ?? 0),
      media: Number(row?.removed_media ?? 0),
      conversations: Number(row?.removed_conversations ?? 0),
      messages: Number(row?.removed_messages ?? 0),
      files: Number(row?.removed_files ?? 0),
    },
  };
}

/**
 * Saves a change of settings; a `retention.changed` event in the same transaction puts it in the
 * audit log (audit/audit-reactor.ts). Shortening a limit removes nothing by itself: the next run
 * (scheduled, or "Run now") does.
 */
export async function saveRetention(app: App, input: { workspaceId: string; actorUserId: string | null; change: RetentionChange }) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const row = await loadRetentionRow(tx, input.workspaceId);
    const next = settingsOf(row);
    for (const k of RETENTION_KEYS) if (input.change[k] !== undefined) next[k] = input.change[k];
    const values = {
      journal_days: next.journalDays,
      events_days: next.eventsDays,
      media_days: next.mediaDays,
      conversations_days: next.conversationsDays,
      updated_by: input.actorUserId,
      updated_at: now,
    };
    if (row) await tx.updateTable('retention_settings').set(values).where('workspace_id', '=', input.workspaceId).execute();
    else
      await tx
        .insertInto('retention_settings')
        .values({ workspace_id: input.workspaceId, ...values })
        .execute();
    await appendEvent(tx, { workspaceId: input.workspaceId, type: 'retention.changed', actorUserId: input.actorUserId, data: next, at: now });
  });
  return getRetention(app, input.workspaceId);
}
