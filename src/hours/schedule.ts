import { z } from 'zod';
import { isValidTimeZone } from './zoned-time.js';

/**
 * Business hours as stored and as the API speaks them. One *version* is a complete weekly
 * schedule in one IANA time zone, with holidays, in force from `effectiveFrom` until the next
 * version. Versions are never edited: a change of hours is a new version, so a report for last
 * month keeps using last month's hours (docs/metrics.md "Business time").
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A span of one day, "HH:MM"–"HH:MM" (end may be "24:00"), start before end. */
export interface Block {
  start: string;
  end: string;
}

export interface WeeklyHours {
  timeZone: string;
  days: Record<Weekday, Block[]>;
  /** Whole local days closed, "YYYY-MM-DD" in the schedule's time zone. */
  holidays: string[];
}

export interface ScheduleVersion extends WeeklyHours {
  effectiveFrom: number;
}

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00–24:00)');
const block = z.object({ start: time, end: time }).refine((b) => toMinutes(b.start) < toMinutes(b.end), { message: 'start must be before end' });
const dayBlocks = z
  .array(block)
  .max(12)
  .default([])
  .refine(
    (bs) => [...bs].sort((a, b) => toMinutes(a.start) - toMinutes(b.start)).every((b, i, s) => i === 0 || toMinutes(s[i - 1].end) <= toMinutes(b.start)),
    { message: 'blocks must not overlap' },
  )
  .transform((bs) => [...bs].sort((a, b) => toMinutes(a.start) - toMinutes(b.start)));

/** The body of PUT …/business-hours: the weekly schedule, and optionally when it takes effect. */
export const weeklyHoursSchema = z.object({
  timeZone: z.string().min(1).max(64).refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' }),
  days: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayBlocks])) as Record<Weekday, typeof dayBlocks>),
  holidays: z
    .array(z.iso.date())
    .max(500)
    .default([])
    .transform((hs) => [...new Set(hs)].sort()),
});

/** Open around the clock in UTC: what business time means where no hours are set. */
export const ALWAYS_OPEN: WeeklyHours = {
  timeZone: 'UTC',
  days: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])) as Record<Weekday, Block[]>,
  holidays: [],
};
