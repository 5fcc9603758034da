import { addBusinessMs, businessMsBetween } from '../hours/business-time.js';
import { WEEKDAYS, type Block, type ScheduleVersion, type WeeklyHours } from '../hours/schedule.js';

/** Pure helpers that turn a schedule into words for the away message (tested in render.test.ts). */

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const blocks = (bs: Block[]) => bs.map((b) => `${b.start}–${b.end}`).join(', ');

/**
 * "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/Berlin)": consecutive days with the same blocks
 * are joined; closed days are left out.
 */
export function renderHours(h: WeeklyHours): string {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const cur = blocks(h.days[WEEKDAYS[i]] ?? []);
    let j = i;
    while (j + 1 < WEEKDAYS.length && blocks(h.days[WEEKDAYS[j + 1]] ?? []) === cur) j++;
    if (cur) parts.push(`${DAY_NAMES[WEEKDAYS[i]]}${j > i ? `–${DAY_NAMES[WEEKDAYS[j]]}` : ''} ${cur}`);
    i = j + 1;
  }
  return `${parts.length ? parts.join('; ') : 'closed'} (${h.timeZone})`;
}

/** The version of a timeline in force at t (the first one also covers the time before it). */
export function versionAt(versions: readonly ScheduleVersion[], t: number): ScheduleVersion | undefined {
  const sorted = [...versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  let hit = sorted[0];
  for (const v of sorted) if (v.effectiveFrom <= t) hit = v;
  return hit;
}

export const isOpenAt = (versions: readonly ScheduleVersion[], t: number) => businessMsBetween(versions, t, t + 1) === 1;

/** The first open instant at or after t; null when the schedule does not open within five years. */
export function nextOpening(versions: readonly ScheduleVersion[], t: number): number | null {
  const r = addBusinessMs(versions, t, 1);
  return r === null ? null : r - 1;
}

/** "Monday 09:00" in the schedule's zone (with the date when it is more than six days away). */
export function renderWhen(ms: number, timeZone: string, now: number): string {
  const far = ms - now > 6 * 86_400_000;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(far ? { day: 'numeric', month: 'long' } : {}),
  })
    .format(new Date(ms))
    .replace(' at ', ' ');
}

export function fillTemplate(text: string, vars: { hours: string; nextOpen: string; links: Array<{ label: string; url: string }> }): string {
  const links = vars.links.map((l) => `${l.label}: ${l.url}`).join('\n');
  let out = text.replaceAll('{{hours}}', vars.hours).replaceAll('{{next_open}}', vars.nextOpen);
  if (out.includes('{{links}}')) out = out.replaceAll('{{links}}', links);
  else if (links) out = `${out}\n\n${links}`;
  return out.trim();
}
