import { ALWAYS_OPEN, WEEKDAYS, toMinutes, type ScheduleVersion } from './schedule.js';
import { addDays, compareDates, dateKey, isoWeekday, localParts, zonedToUtc, type LocalDate } from './zoned-time.js';

/**
 * Business time: the pure arithmetic behind every business-hours number (metrics now, SLA due
 * times later). A list of versions is read as a timeline: version i is in force from its
 * effectiveFrom until version i+1's, and the FIRST version also covers all time before it (there
 * were no other hours to use). An empty list means always open (business time = calendar time).
 */

type Interval = [number, number];

/** No answer is searched for further than this (an SLA due time on a schedule that never opens). */
const HORIZON_DAYS = 5 * 366;

// Open intervals of one local day per version: the same days come back for every conversation.
const dayCache = new WeakMap<ScheduleVersion | typeof ALWAYS_OPEN, Map<string, Interval[]>>();

function dayIntervals(v: Omit<ScheduleVersion, 'effectiveFrom'>, d: LocalDate): Interval[] {
  let byDay = dayCache.get(v);
  if (!byDay) dayCache.set(v, (byDay = new Map()));
  const key = dateKey(d);
  let out = byDay.get(key);
  if (!out) {
    out = [];
    if (!v.holidays.includes(key)) {
      for (const b of v.days[WEEKDAYS[isoWeekday(d)]]) {
        const s = zonedToUtc(d, toMinutes(b.start), v.timeZone);
        const e = zonedToUtc(d, toMinutes(b.end), v.timeZone);
        if (e > s) out.push([s, e]);
      }
    }
    byDay.set(key, out);
  }
  return out;
}

function sorted(versions: readonly ScheduleVersion[]): ScheduleVersion[] {
  return versions.length < 2 ? [...versions] : [...versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
}

/** Open intervals, in order, clipped to [from, until): each version rules its own segment. */
function* openIntervals(versions: readonly ScheduleVersion[], from: number, until: number): Generator<Interval> {
  const vs = sorted(versions);
  const segments: Array<{ v: Omit<ScheduleVersion, 'effectiveFrom'>; start: number; end: number }> = vs.length
    ? vs.map((v, i) => ({ v, start: i === 0 ? -Infinity : v.effectiveFrom, end: i + 1 < vs.length ? vs[i + 1].effectiveFrom : Infinity }))
    : [{ v: ALWAYS_OPEN, start: -Infinity, end: Infinity }];
  for (const seg of segments) {
    const a = Math.max(from, seg.start);
    const b = Math.min(until, seg.end);
    if (a >= b) continue;
    // Walk the local days of this segment in the version's own zone; a block never crosses midnight.
    const first = localParts(a, seg.v.timeZone);
    const last = localParts(b - 1, seg.v.timeZone);
    for (let d: LocalDate = first; compareDates(d, last) <= 0; d = addDays(d, 1)) {
      for (const [s, e] of dayIntervals(seg.v, d)) {
        const cs = Math.max(s, a);
        const ce = Math.min(e, b);
        if (cs < ce) yield [cs, ce];
      }
    }
  }
}

/** Milliseconds of open time in [from, to); 0 when to <= from. */
export function businessMsBetween(versions: readonly ScheduleVersion[], from: number, to: number): number {
  if (!(to > from)) return 0;
  if (versions.length === 0) return to - from;
  let sum = 0;
  for (const [s, e] of openIntervals(versions, from, to)) sum += e - s;
  return sum;
}

/**
 * The instant at which `ms` of open time have passed since `from` (an SLA's due time): a message
 * at Friday 16:45 with 30 business minutes on Mon–Fri 9–17 is due Monday 09:15. Returns null when
 * the schedule does not open enough within five years.
 */
export function addBusinessMs(versions: readonly ScheduleVersion[], from: number, ms: number): number | null {
  if (ms <= 0) return from;
  if (versions.length === 0) return from + ms;
  let left = ms;
  for (const [s, e] of openIntervals(versions, from, from + HORIZON_DAYS * 86_400_000)) {
    if (e - s >= left) return s + left;
    left -= e - s;
  }
  return null;
}
