import { invalid } from '../../lib/errors.js';
import { addDays, compareDates, dateKey, parseDateKey, zonedToUtc, type LocalDate } from '../../hours/zoned-time.js';

/** Longest range one report covers: a year of day buckets stays a small answer and a small chart. */
export const MAX_DAYS = 366;

export interface ReportRange {
  from: string;
  to: string;
  timeZone: string;
  /** Inclusive start, exclusive end, epoch ms: midnight of `from` to midnight after `to`, in the zone. */
  startMs: number;
  endMs: number;
  /** One entry per local day: its key and where it starts. */
  days: Array<{ date: string; startMs: number }>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function parse(field: string, s: string): LocalDate {
  const d = DATE_RE.test(s) ? parseDateKey(s) : null;
  // Round-trip through Date so 2026-02-30 is refused rather than rolled into March.
  if (!d || dateKey(d) !== new Date(Date.UTC(d.year, d.month - 1, d.day)).toISOString().slice(0, 10)) throw invalid(field, 'must be a date YYYY-MM-DD');
  return d;
}

/** Day buckets from `from` to `to` (both inclusive) in the workspace's zone. */
export function reportRange(fromKey: string, toKey: string, timeZone: string): ReportRange {
  const from = parse('from', fromKey);
  const to = parse('to', toKey);
  if (compareDates(from, to) > 0) throw invalid('to', 'must not be before from');
  const days: ReportRange['days'] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) {
    if (days.length >= MAX_DAYS) throw invalid('to', `a report covers at most ${MAX_DAYS} days`);
    days.push({ date: dateKey(d), startMs: zonedToUtc(d, 0, timeZone) });
  }
  return { from: fromKey, to: toKey, timeZone, startMs: days[0]!.startMs, endMs: zonedToUtc(addDays(to, 1), 0, timeZone), days };
}

/** Index of the day bucket holding `ms` (days are sorted; a binary search keeps big ranges cheap). */
export function dayIndex(range: ReportRange, ms: number): number {
  let lo = 0;
  let hi = range.days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (range.days[mid]!.startMs <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
