import { describe, expect, it } from 'vitest';
import type { ScheduleVersion } from '../hours/schedule.js';
import { fillTemplate, isOpenAt, nextOpening, renderHours, renderWhen } from './render.js';

const days = {
  mon: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  tue: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  wed: [],
  thu: [{ start: '10:00', end: '14:00' }],
  fri: [],
  sat: [{ start: '10:00', end: '14:00' }],
  sun: [],
};
const v: ScheduleVersion[] = [{ effectiveFrom: 0, timeZone: 'America/New_York', days, holidays: ['2024-07-04'] }];

describe('away message rendering (pure)', () => {
  it('joins consecutive days with the same blocks and names the zone', () => {
    expect(renderHours(v[0])).toBe('Mon–Tue 09:00–12:00, 13:00–17:00; Thu 10:00–14:00; Sat 10:00–14:00 (America/New_York)');
    expect(renderHours({ ...v[0], days: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } })).toBe('closed (America/New_York)');
  });

  it('knows when the hours open next, in the schedule zone, over lunch breaks and holidays', () => {
    const lunch = Date.parse('2024-07-01T12:30:00-04:00'); // Monday lunch
    expect(isOpenAt(v, lunch)).toBe(false);
    expect(nextOpening(v, lunch)).toBe(Date.parse('2024-07-01T13:00:00-04:00'));
    expect(isOpenAt(v, Date.parse('2024-07-01T13:00:00-04:00'))).toBe(true);
    // Thursday 4 July is a holiday: next is Saturday 10:00.
    const wed = Date.parse('2024-07-03T08:00:00-04:00');
    expect(renderWhen(nextOpening(v, wed)!, 'America/New_York', wed)).toBe('Saturday 10:00');
    expect(nextOpening([{ ...v[0], days: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }], wed)).toBeNull();
  });

  it('fills the template and appends links it does not place', () => {
    const links = [{ label: 'FAQ', url: 'https://x.example/faq' }];
    expect(fillTemplate('Back {{next_open}}. {{hours}}', { hours: 'H', nextOpen: 'Monday 09:00', links })).toBe(
      'Back Monday 09:00. H\n\nFAQ: https://x.example/faq',
    );
    expect(fillTemplate('See {{links}} meanwhile', { hours: 'H', nextOpen: 'N', links })).toBe('See FAQ: https://x.example/faq meanwhile');
  });
});
