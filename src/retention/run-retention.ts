import type { Selectable } from 'kysely';
import type { App } from '../app.js';
import { type AuditActor, recordAudit } from '../audit/record-audit.js';
import { conflict } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { log } from '../lib/log.js';
import type { RetentionRunTable } from '../store/schema.js';
import { COUNT_KINDS, RETENTION_BATCH, RETENTION_PAUSE_MS, type RetentionContext } from './context.js';
import { purgeConversations } from './purge-conversations.js';
import { purgeEvents } from './purge-events.js';
import { purgeJournal } from './purge-journal.js';
import { purgeMedia } from './purge-media.js';
import { loadRetentionRow, presentRun, settingsOf } from './settings.js';
import { sweepMedia } from './sweep-media.js';

/** A run whose heartbeat is older than this was interrupted (a crash, a restart): another run may take it over. */
export const STALE_RUN_MS = 10 * 60_000;

export interface RunRetentionInput {
  workspaceId: string;
  trigger: RetentionRunTable['trigger'];
  actor: AuditActor;
  /** Rows per transaction (tests use small batches to see several). */
  batchSize?: number;
  /** Pause between batches, in ms (0: only a yield). */
  pauseMs?: number;
}

/**
 * Applies a workspace's retention settings once (docs/retention.md): resolved conversations, then
 * events, raw deliveries and media, each in small batches with a pause between them so intake is
 * never kept waiting, then deletes the files nothing refers to any more. Idempotent — what is
 * removed is defined by the settings and the data, not by the run — and resumable: a run that
 * was interrupted is carried on by the next one, its counts intact. One run per workspace at a
 * time (a second one is a conflict). Recorded in the audit log with what it removed.
 */
export async function runRetention(app: App, input: RunRetentionInput) {
  const db = app.store.db;
  const now = app.now();
  const row = await loadRetentionRow(db, input.workspaceId);
  const settings = settingsOf(row);
  // The row holds the run's progress marks and totals: a workspace that never saved settings gets one (all forever).
  if (!row)
    await db
      .insertInto('retention_settings')
      .values({ workspace_id: input.workspaceId, updated_by: null, updated_at: now })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
  const runId = await claimRun(app, input, now);
  const ctx: RetentionContext = {
    app,
    workspaceId: input.workspaceId,
    runId,
    now,
    batchSize: input.batchSize ?? RETENTION_BATCH,
    pauseMs: input.pauseMs ?? RETENTION_PAUSE_MS,
  };
  let error: string | null = null;
  try {
    // Conversations first: their events and files go with them, so the later steps find less.
    if (settings.conversationsDays !== null) await purgeConversations(ctx, settings.conversationsDays);
    if (settings.eventsDays !== null) await purgeEvents(ctx, settings.eventsDays);
    if (settings.journalDays !== null) await purgeJournal(ctx, settings.journalDays);
    if (settings.mediaDays !== null) await purgeMedia(ctx, settings.mediaDays);
    await sweepMedia(ctx);
  } catch (err) {
    error = (err as Error)?.message ?? String(err);
    log.error('retention run failed', { workspaceId: input.workspaceId, runId, err: error });
  }
  const run = await finishRun(app, input, runId, error);
  if (error) throw new Error(`retention run failed: ${error}`);
  return presentRun(run);
}

/**
 * Starts this workspace's run, or takes over its interrupted one (heartbeat older than
 * STALE_RUN_MS). A run in progress elsewhere is a conflict; the unique index on unfinished runs
 * decides between two that start at once.
 */
async function claimRun(app: App, input: RunRetentionInput, now: number): Promise<string> {
  const db = app.store.db;
  const open = await db
    .selectFrom('retention_runs')
    .selectAll()
    .where('workspace_id', '=', input.workspaceId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  const busy = (since: number) => conflict(`a retention run of this workspace is in progress (started ${new Date(since).toISOString()})`);
  if (open) {
    if (Number(open.heartbeat_at) > app.now() - STALE_RUN_MS) throw busy(Number(open.started_at));
    const took = await db
      .updateTable('retention_runs')
      .set({ heartbeat_at: app.now() })
      .where('id', '=', open.id)
      .where('heartbeat_at', '=', open.heartbeat_at)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) !== 1) throw busy(Number(open.started_at));
    log.info('retention: carrying on an interrupted run', { workspaceId: input.workspaceId, runId: open.id });
    return open.id;
  }
  const id = newId(now);
  try {
    await db
      .insertInto('retention_runs')
      .values({
        id,
        workspace_id: input.workspaceId,
        trigger: input.trigger,
        actor_user_id: input.actor.userId,
        started_at: now,
        heartbeat_at: app.now(),
        finished_at: null,
        error: null,
      })
      .execute();
  } catch (err) {
    const again = await db
      .selectFrom('retention_runs')
      .select('started_at')
      .where('workspace_id', '=', input.workspaceId)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (again) throw busy(Number(again.started_at));
    throw err;
  }
  return id;
}

/** Closes the run, adds its counts to the workspace's totals and writes the audit entry — one transaction. */
async function finishRun(app: App, input: RunRetentionInput, runId: string, error: string | null): Promise<Selectable<RetentionRunTable>> {
  return app.store.db.transaction().execute(async (tx) => {
    const now = app.now();
    await tx.updateTable('retention_runs').set({ finished_at: now, heartbeat_at: now, error }).where('id', '=', runId).execute();
    const run = await tx.selectFrom('retention_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    await tx
      .updateTable('retention_settings')
      .set((eb) => ({
        removed_journal: eb(eb.ref('removed_journal'), '+', Number(run.journal)),
        removed_events: eb(eb.ref('removed_events'), '+', Number(run.events)),
        removed_media: eb(eb.ref('removed_media'), '+', Number(run.media)),
        removed_conversations: eb(eb.ref('removed_conversations'), '+', Number(run.conversations)),
        removed_messages: eb(eb.ref('removed_messages'), '+', Number(run.messages)),
        removed_files: eb(eb.ref('removed_files'), '+', Number(run.files)),
      }))
      .where('workspace_id', '=', input.workspaceId)
      .execute();
    const removed = Object.fromEntries(COUNT_KINDS.map((k) => [k, Number(run[k])]));
    const any = COUNT_KINDS.some((k) => Number(run[k]) > 0);
    // A scheduled run that removed nothing is not worth a line; one asked for by someone always is.
    if (any || error || input.trigger !== 'schedule')
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: 'retention.run',
        targetType: 'retention',
        targetId: runId,
        data: { trigger: input.trigger, ...removed, ...(error ? { error } : {}) },
        now,
      });
    return run;
  });
}
