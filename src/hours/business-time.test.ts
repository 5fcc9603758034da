import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween } from './business-time.js';
import { WEEKDAYS, type Block, type ScheduleVersion, type Weekday } from './schedule.js';

const H = 3_600_000;
const M = 60_000;

function hours(timeZone: string, blocks: Partial<Record<Weekday, Block[]>>, extra: Partial<ScheduleVersion> = {}): ScheduleVersion {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, blocks[d] ?? []])) as Record<Weekday, Block[]>;
  return { effectiveFrom: 0, timeZone, days, holidays: [], ...extra };
}
const weekdays = (start: string, end: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]));
const allWeek = (start: string, end: string) => Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start, end }]]));
const at = (iso: string) => Date.parse(iso);

describe('business time', () => {
  it('a message received Friday 16:45 with a 30-minute business SLA (Mon–Fri 9–17) is due Monday 09:15', () => {
    const v = [hours('Europe/Berlin', weekdays('09:00', '17:00'))];
    // Friday 2024-03-08 16:45 in Berlin (UTC+1) → Monday 2024-03-11 09:15 Berlin.
    expect(addBusinessMs(v, at('2024-03-08T16:45:00+01:00'), 30 * M)).toBe(at('2024-03-11T09:15:00+01:00'));
    expect(businessMsBetween(v, at('2024-03-08T16:45:00+01:00'), at('2024-03-11T09:15:00+01:00'))).toBe(30 * M);
  });

  it('counts only open time, across several blocks a day', () => {
    const v = [
      hours('UTC', {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      }),
    ];
    // Monday 2024-01-01 08:00 → 18:00: 3 h + 4 h.
    expect(businessMsBetween(v, at('2024-01-01T08:00:00Z'), at('2024-01-01T18:00:00Z'))).toBe(7 * H);
    expect(businessMsBetween(v, at('2024-01-01T11:30:00Z'), at('2024-01-01T13:30:00Z'))).toBe(H);
    expect(addBusinessMs(v, at('2024-01-01T11:30:00Z'), H)).toBe(at('2024-01-01T13:30:00Z'));
    // From Monday evening, the next open time is the next Monday.
    expect(addBusinessMs(v, at('2024-01-01T17:00:00Z'), 10 * M)).toBe(at('2024-01-08T09:10:00Z'));
  });

  it('skips holidays, in the schedule time zone', () => {
    const v = [hours('America/New_York', weekdays('09:00', '17:00'), { holidays: ['2024-12-25'] })];
    // Tuesday Dec 24 16:50 New York + 30 min → Thursday Dec 26 09:20.
    expect(addBusinessMs(v, at('2024-12-24T16:50:00-05:00'), 30 * M)).toBe(at('2024-12-26T09:20:00-05:00'));
    expect(businessMsBetween(v, at('2024-12-24T00:00:00-05:00'), at('2024-12-27T00:00:00-05:00'))).toBe(16 * H);
  });

  it('is correct across the Europe/Berlin DST changes', () => {
    const open = [hours('Europe/Berlin', allWeek('00:00', '24:00'))];
    // 31 March 2024 has 23 hours in Berlin; 27 October 2024 has 25.
    expect(businessMsBetween(open, at('2024-03-31T00:00:00+01:00'), at('2024-04-01T00:00:00+02:00'))).toBe(23 * H);
    expect(businessMsBetween(open, at('2024-10-27T00:00:00+02:00'), at('2024-10-28T00:00:00+01:00'))).toBe(25 * H);
    // 9–17 stays 8 hours of wall-clock time on both sides of the change, at shifted UTC instants.
    const office = [hours('Europe/Berlin', allWeek('09:00', '17:00'))];
    expect(businessMsBetween(office, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toBe(16 * H);
    expect(addBusinessMs(office, at('2024-03-30T16:30:00+01:00'), H)).toBe(at('2024-03-31T09:30:00+02:00'));
    expect(addBusinessMs(office, at('2024-10-26T16:30:00+02:00'), H)).toBe(at('2024-10-27T09:30:00+01:00'));
    // A block that spans the skipped hour (01:00–04:00 on the spring night) lasts 2 real hours.
    const night = [hours('Europe/Berlin', { sun: [{ start: '01:00', end: '04:00' }] })];
    expect(businessMsBetween(night, at('2024-03-31T00:00:00Z'), at('2024-03-31T06:00:00Z'))).toBe(2 * H);
    expect(businessMsBetween(night, at('2024-10-26T12:00:00Z'), at('2024-10-27T06:00:00Z'))).toBe(4 * H);
  });

  it('is correct across the America/New_York DST changes', () => {
    const open = [hours('America/New_York', allWeek('00:00', '24:00'))];
    expect(businessMsBetween(open, at('2024-03-10T00:00:00-05:00'), at('2024-03-11T00:00:00-04:00'))).toBe(23 * H);
    expect(businessMsBetween(open, at('2024-11-03T00:00:00-04:00'), at('2024-11-04T00:00:00-05:00'))).toBe(25 * H);
    const office = [hours('America/New_York', weekdays('09:00', '17:00'))];
    // Friday 8 March 16:45 EST + 30 min → Monday 11 March 09:15 EDT (= 13:15Z, not 14:15Z).
    expect(addBusinessMs(office, at('2024-03-08T16:45:00-05:00'), 30 * M)).toBe(at('2024-03-11T13:15:00Z'));
    // Friday 1 Nov 16:00 EDT → Monday 4 Nov 10:00 EST: 2 business hours.
    expect(businessMsBetween(office, at('2024-11-01T16:00:00-04:00'), at('2024-11-04T10:00:00-05:00'))).toBe(2 * H);
  });

  it('uses the version in force at each instant; the first version also covers the time before it', () => {
    const change = at('2024-01-03T00:00:00Z'); // a Wednesday
    const v = [
      hours('UTC', weekdays('09:00', '17:00'), { effectiveFrom: at('2023-06-01T00:00:00Z') }),
      hours('UTC', weekdays('08:00', '20:00'), { effectiveFrom: change }),
    ];
    // Mon 1 + Tue 2 under the old hours (8 h each), Wed 3 + Thu 4 under the new (12 h each).
    expect(businessMsBetween(v, at('2024-01-01T00:00:00Z'), at('2024-01-05T00:00:00Z'))).toBe(40 * H);
    // Before the first version, the first version's hours apply.
    expect(businessMsBetween(v, at('2023-01-02T00:00:00Z'), at('2023-01-03T00:00:00Z'))).toBe(8 * H);
    // A version can change the time zone too; order of the list does not matter.
    const tz = [v[1], hours('Asia/Tokyo', weekdays('09:00', '17:00'), { effectiveFrom: at('2024-02-01T00:00:00Z') }), v[0]];
    expect(businessMsBetween(tz, at('2024-02-05T00:00:00Z'), at('2024-02-05T12:00:00Z'))).toBe(8 * H); // 09–17 JST = 00–08Z
  });

  it('without hours, business time is calendar time; a schedule that never opens gives no due time', () => {
    expect(businessMsBetween([], 1000, 5000)).toBe(4000);
    expect(addBusinessMs([], 1000, 5000)).toBe(6000);
    expect(businessMsBetween([hours('UTC', {})], 0, 10 * H)).toBe(0);
    expect(addBusinessMs([hours('UTC', {})], 0, M)).toBeNull();
    expect(businessMsBetween([hours('UTC', weekdays('09:00', '17:00'))], 10, 5)).toBe(0);
  });
});
