import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import type { WeeklyHours } from './schedule.js';
import { loadHoursRows } from './load-schedules.js';
import type { HoursRow } from './tables.js';

const present = (r: HoursRow) => ({
  id: r.id,
  effectiveFrom: new Date(r.effectiveFrom).toISOString(),
  hours: r.hours,
  createdAt: new Date(r.createdAt).toISOString(),
});

function current(rows: HoursRow[], now: number): HoursRow | undefined {
  let hit: HoursRow | undefined;
  for (const r of rows) if (r.effectiveFrom <= now) hit = r;
  return hit;
}

/**
 * The hours of the workspace (channelId absent) or of one channel: what is in force now, where it
 * comes from, and every version (history and scheduled changes), newest first.
 */
export async function getBusinessHours(app: App, input: { workspaceId: string; channelId?: string }) {
  const now = app.now();
  if (input.channelId) {
    const ch = await app.store.db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', input.channelId)
      .executeTakeFirst();
    if (!ch) throw notFound('channel');
  }
  const rows = await loadHoursRows(app.store.db, input.workspaceId);
  const defaults = rows.filter((r) => r.channelId === null);
  const defaultNow: WeeklyHours | null = current(defaults, now)?.hours ?? defaults[0]?.hours ?? null;
  if (!input.channelId) {
    return { scope: 'workspace' as const, current: defaultNow, versions: defaults.map(present).reverse() };
  }
  const own = rows.filter((r) => r.channelId === input.channelId);
  const override = current(own, now)?.hours ?? null;
  return {
    scope: 'channel' as const,
    channelId: input.channelId,
    // "override": the channel's own hours; "workspace": the default; "none": always open.
    source: override ? ('override' as const) : defaultNow ? ('workspace' as const) : ('none' as const),
    current: override ?? defaultNow,
    versions: own.map(present).reverse(),
  };
}
