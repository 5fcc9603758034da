/**
 * Wall-clock ↔ instant conversion for IANA time zones with nothing but Intl (Node 20 ships full
 * ICU data), so business hours need no time-zone library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A calendar date, independent of any zone. month is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7 200 000). */
export function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in a zone. A time in the hour skipped by a DST change
 * (02:30 on the spring-forward night in Berlin) moves forward by the skipped amount (03:30); a
 * time in the repeated hour of the autumn change takes its second occurrence. `minutes` may be
 * 1440 (24:00 = the next day's midnight).
 */
export function zonedToUtc(d: LocalDate, minutes: number, timeZone: string): number {
  const guess = Date.UTC(d.year, d.month - 1, d.day, 0, minutes);
  const first = offsetAt(guess, timeZone);
  const t = guess - first;
  const second = offsetAt(t, timeZone);
  return second === first ? t : guess - second;
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (ISO order, as business hours are written). */
export function isoWeekday(d: LocalDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

export const dateKey = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export function parseDateKey(s: string): LocalDate {
  const [year, month, day] = s.split('-').map(Number);
  return { year, month, day };
}

export const compareDates = (a: LocalDate, b: LocalDate) => a.year - b.year || a.month - b.month || a.day - b.day;
