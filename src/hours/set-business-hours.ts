import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { WeeklyHours } from './schedule.js';
import { loadHoursRows } from './load-schedules.js';
import { toHoursRow } from './tables.js';

/** A little slack for clocks: "effective now" sent by a client a moment ago is not "the past". */
const PAST_TOLERANCE_MS = 60_000;

export interface SetHoursInput {
  workspaceId: string;
  actorUserId: string | null;
  /** null/absent = the workspace default. */
  channelId?: string | null;
  /** The new hours, or null to make a channel use the workspace default again. */
  hours: WeeklyHours | null;
  effectiveFrom?: number;
}

/**
 * Adds a version of business hours (workspace default or one channel's override). Never edits or
 * deletes a row: a version takes effect at effectiveFrom (default now), which may not lie in the
 * past, so reports over past periods keep the hours that were in force then.
 */
export async function setBusinessHours(app: App, input: SetHoursInput) {
  const now = app.now();
  const effectiveFrom = input.effectiveFrom ?? now;
  if (effectiveFrom < now - PAST_TOLERANCE_MS) throw invalid('effectiveFrom', 'must not be in the past: past reports keep the hours that were in force');
  const channelId = input.channelId ?? null;
  return app.store.db.transaction().execute(async (tx) => {
    if (channelId) {
      const ch = await tx.selectFrom('channels').select('id').where('workspace_id', '=', input.workspaceId).where('id', '=', channelId).executeTakeFirst();
      if (!ch) throw notFound('channel');
    }
    if (input.hours === null) {
      const mine = (await loadHoursRows(tx, input.workspaceId)).filter((r) => r.channelId === channelId && r.effectiveFrom <= effectiveFrom);
      if (!mine.at(-1)?.hours) throw notFound('business hours of this channel');
    }
    const row = {
      id: newId(now),
      workspace_id: input.workspaceId,
      channel_id: channelId,
      effective_from: effectiveFrom,
      hours: input.hours === null ? null : JSON.stringify(input.hours),
      created_by: input.actorUserId,
      created_at: now,
    };
    await tx.insertInto('business_hours').values(row).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'business_hours.changed',
      actorUserId: input.actorUserId,
      data: { versionId: row.id, channelId, effectiveFrom, removed: input.hours === null },
      at: now,
    });
    return toHoursRow(row);
  });
}
