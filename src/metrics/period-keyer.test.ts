import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/seeded-random.js';
import { PERIODS, periodKey, periodKeyer } from './aggregate.js';

describe('periodKeyer (the fast periodKey of reports)', () => {
  it('gives the same day, week and month keys as periodKey, across DST changes and odd offsets', () => {
    const rnd = seededRandom(5);
    const from = Date.parse('2024-01-01T00:00:00Z');
    const to = Date.parse('2025-01-01T00:00:00Z');
    for (const zone of ['Europe/Berlin', 'America/Santiago', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC', 'Pacific/Chatham']) {
      for (const p of PERIODS) {
        const key = periodKeyer(p, zone, from, to);
        const instants = [
          from,
          to - 1,
          Date.parse('2024-03-31T00:59:59Z'),
          Date.parse('2024-03-31T01:00:00Z'),
          Date.parse('2024-10-27T00:30:00Z'),
          ...Array.from({ length: 300 }, () => from + Math.floor(rnd() * (to - from))),
        ];
        for (const t of instants) expect(key(t), `${zone} ${p} ${new Date(t).toISOString()}`).toBe(periodKey(t, p, zone));
      }
    }
  });

  it('answers instants outside its range too (the slow way)', () => {
    const key = periodKeyer('day', 'Europe/Lisbon', Date.parse('2024-05-01T00:00:00Z'), Date.parse('2024-05-03T00:00:00Z'));
    expect(key(Date.parse('2024-06-01T12:00:00Z'))).toBe('2024-06-01');
    expect(key(Date.parse('2024-04-30T23:30:00Z'))).toBe('2024-05-01');
  });
});
