import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { ALWAYS_OPEN, type ScheduleVersion, type WeeklyHours } from './schedule.js';
import { toHoursRow, type HoursRow } from './tables.js';

/** All business-hours rows of a workspace, oldest first (a workspace has a handful). */
export async function loadHoursRows(db: Kysely<DB>, workspaceId: string): Promise<HoursRow[]> {
  const rows = await db
    .selectFrom('business_hours')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('effective_from')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toHoursRow);
}

/** Of several rows taking effect at the same instant, the last one written wins. */
function latestPerInstant(rows: HoursRow[]): HoursRow[] {
  const byInstant = new Map<number, HoursRow>();
  for (const r of [...rows].sort((a, b) => a.effectiveFrom - b.effectiveFrom || a.createdAt - b.createdAt)) byInstant.set(r.effectiveFrom, r);
  return [...byInstant.values()];
}

const inForce = (rows: HoursRow[], t: number) => {
  let hit: HoursRow | undefined;
  for (const r of rows) if (r.effectiveFrom <= t) hit = r;
  return hit;
};

/**
 * One channel's business hours as a single timeline of versions for the pure functions
 * (business-time.ts): at each instant the channel's own hours when an override is in force, else
 * the workspace default. The default also covers the time before its first version (there were
 * no other hours); an override only applies from its own effectiveFrom. No hours anywhere: [] =
 * always open, so business time equals calendar time.
 */
export function channelTimeline(rows: HoursRow[], channelId: string): ScheduleVersion[] {
  const defaults = latestPerInstant(rows.filter((r) => r.channelId === null));
  const overrides = latestPerInstant(rows.filter((r) => r.channelId === channelId));
  if (!defaults.some((r) => r.hours) && !overrides.some((r) => r.hours)) return [];
  const fallback: WeeklyHours = defaults[0]?.hours ?? ALWAYS_OPEN;
  const at = (t: number): WeeklyHours => {
    const o = inForce(overrides, t);
    if (o?.hours) return o.hours;
    return inForce(defaults, t)?.hours ?? fallback;
  };
  const points = [...new Set([...defaults, ...overrides].map((r) => r.effectiveFrom))].sort((a, b) => a - b);
  const out: ScheduleVersion[] = [{ ...fallback, effectiveFrom: Number.MIN_SAFE_INTEGER }];
  let last = fallback;
  for (const p of points) {
    const h = at(p);
    if (h !== last) out.push({ ...h, effectiveFrom: p });
    last = h;
  }
  return out;
}

/** Every channel's timeline, computed once per report. */
export async function loadSchedules(db: Kysely<DB>, workspaceId: string): Promise<(channelId: string) => ScheduleVersion[]> {
  const rows = await loadHoursRows(db, workspaceId);
  const cache = new Map<string, ScheduleVersion[]>();
  return (channelId) => {
    let t = cache.get(channelId);
    if (!t) cache.set(channelId, (t = channelTimeline(rows, channelId)));
    return t;
  };
}
