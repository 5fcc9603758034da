import { describe, expect, it } from 'vitest';
import { WEEKDAYS, type Block, type ScheduleVersion, type Weekday } from '../hours/schedule.js';
import type { ConversationTimeline, TimelineMessage } from '../metrics/timeline.js';
import { clockStatus, dueTimes, wantedClocks } from './clocks.js';
import { matchPolicy, type Policy } from './policy.js';

const M = 60_000;
const T0 = Date.parse('2024-03-04T10:00:00Z');
let seq = 0;
function msg(direction: 'in' | 'out', minute: number, over: Partial<TimelineMessage> = {}): TimelineMessage {
  const at = T0 + minute * M;
  return {
    id: `m${String(++seq).padStart(5, '0')}`,
    direction,
    authorKind: direction === 'in' ? 'customer' : 'human',
    authorUserId: null,
    deliveryStatus: direction === 'in' ? 'received' : 'sent',
    at,
    arrival: at,
    ...over,
  };
}
const status = (minute: number, from: string, to: string) => ({ at: T0 + minute * M, seq: ++seq, from, to });
const timeline = (over: Partial<ConversationTimeline>): ConversationTimeline => ({
  id: 'c1',
  channelId: 'ch1',
  kind: 'dm',
  assigneeId: null,
  teamId: null,
  tags: [],
  messages: [],
  statusChanges: [],
  assignments: [],
  ...over,
});
const week = (days: Weekday[], block: Block): ScheduleVersion[] => [
  {
    effectiveFrom: 0,
    timeZone: 'Europe/Berlin',
    holidays: [],
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, days.includes(d) ? [block] : []])) as Record<Weekday, Block[]>,
  },
];
const office = week(['mon', 'tue', 'wed', 'thu', 'fri'], { start: '09:00', end: '17:00' });
const biz = { timeMode: 'business' as const, warnPercent: 75 };

describe('SLA clocks (pure)', () => {
  it('a message received Friday 16:45 with a 30-minute business-hours first-response SLA (Mon–Fri 9–17) breaches Monday 09:15', () => {
    const fri = Date.parse('2024-03-08T16:45:00+01:00');
    const { dueAt, warnAt } = dueTimes(biz, office, fri, 30 * M);
    expect(dueAt).toBe(Date.parse('2024-03-11T09:15:00+01:00'));
    expect(warnAt).toBe(Date.parse('2024-03-11T09:07:30+01:00'));
    const [first] = wantedClocks(timeline({ messages: [{ ...msg('in', 0), at: fri, arrival: fri }] }));
    expect(first).toMatchObject({ target: 'first_response', startedAt: fri, stoppedAt: null });
    expect(clockStatus({ ...first, dueAt }, Date.parse('2024-03-11T09:14:59+01:00'))).toBe('running');
    expect(clockStatus({ ...first, dueAt }, Date.parse('2024-03-11T09:15:00+01:00'))).toBe('breached');
    // Calendar time ignores the hours: due at 17:15 the same Friday.
    expect(dueTimes({ timeMode: 'calendar', warnPercent: 75 }, office, fri, 30 * M).dueAt).toBe(fri + 30 * M);
  });

  it('follows DST changes in the time zone (Berlin springs forward on Sunday 31 March 2024)', () => {
    const weekend = week(['sat', 'sun'], { start: '09:00', end: '17:00' });
    const sat = Date.parse('2024-03-30T16:45:00+01:00');
    // 15 business minutes on Saturday, 15 on Sunday morning — which is now on summer time.
    expect(dueTimes(biz, weekend, sat, 30 * M).dueAt).toBe(Date.parse('2024-03-31T09:15:00+02:00'));
    // A whole business day across the change is still 8 open hours, not 7 or 9 wall-clock ones.
    expect(dueTimes(biz, weekend, Date.parse('2024-03-30T09:00:00+01:00'), 9 * 60 * M).dueAt).toBe(Date.parse('2024-03-31T10:00:00+02:00'));
    // Autumn: the repeated hour is counted once in calendar time (24 real hours).
    const sun = Date.parse('2024-10-26T12:00:00+02:00');
    expect(dueTimes({ timeMode: 'calendar', warnPercent: 75 }, weekend, sun, 24 * 60 * M).dueAt).toBe(Date.parse('2024-10-27T11:00:00+01:00'));
  });

  it('a bot or automation reply does not stop the first-response clock; a human reply does', () => {
    const botOnly = wantedClocks(timeline({ messages: [msg('in', 0), msg('out', 1, { authorKind: 'bot' }), msg('out', 2, { authorKind: 'automation' })] }));
    expect(botOnly.find((c) => c.target === 'first_response')).toMatchObject({ stoppedAt: null });
    const human = wantedClocks(timeline({ messages: [msg('in', 0), msg('out', 1, { authorKind: 'bot' }), msg('out', 7)] }));
    expect(human.find((c) => c.target === 'first_response')).toMatchObject({ startedAt: T0, stoppedAt: T0 + 7 * M, stoppedBy: 'reply' });
    // A bot message alone starts no clock.
    expect(wantedClocks(timeline({ messages: [msg('out', 0, { authorKind: 'bot' })] }))).toEqual([]);
    // A failed human reply answers nothing.
    expect(wantedClocks(timeline({ messages: [msg('in', 0), msg('out', 3, { deliveryStatus: 'failed' })] }))[0].stoppedAt).toBeNull();
  });

  it('a reopened conversation starts a new first-response clock', () => {
    const clocks = wantedClocks(
      timeline({
        messages: [msg('in', 0), msg('out', 5), msg('in', 60), msg('out', 70)],
        statusChanges: [status(20, 'open', 'resolved'), status(60, 'resolved', 'open')],
      }),
    );
    expect(clocks.filter((c) => c.target === 'first_response').map((c) => [c.startedAt, c.stoppedAt])).toEqual([
      [T0, T0 + 5 * M],
      [T0 + 60 * M, T0 + 70 * M],
    ]);
    expect(clocks.filter((c) => c.target === 'resolution').map((c) => [c.startedAt, c.stoppedAt])).toEqual([
      [T0, T0 + 20 * M],
      [T0 + 60 * M, null],
    ]);
  });

  it('next response: each later wait until the next human reply; the open one runs', () => {
    const clocks = wantedClocks(
      timeline({ messages: [msg('in', 0), msg('out', 5), msg('in', 10), msg('in', 12), msg('out', 14, { authorKind: 'bot' }), msg('out', 20), msg('in', 30)] }),
    );
    expect(clocks.filter((c) => c.target === 'next_response').map((c) => [c.startedAt - T0, c.stoppedAt && c.stoppedAt - T0])).toEqual([
      [10 * M, 20 * M],
      [30 * M, null],
    ]);
  });

  it('outcomes: met in time, breached when late (stopped or not), cancelled when resolved without a reply in time', () => {
    const due = T0 + 30 * M;
    expect(clockStatus({ target: 'first_response', dueAt: due, stoppedAt: T0 + 10 * M, stoppedBy: 'reply' }, T0 + 99 * M)).toBe('met');
    expect(clockStatus({ target: 'first_response', dueAt: due, stoppedAt: T0 + 31 * M, stoppedBy: 'reply' }, T0 + 99 * M)).toBe('breached');
    expect(clockStatus({ target: 'first_response', dueAt: due, stoppedAt: T0 + 10 * M, stoppedBy: 'resolved' }, T0 + 99 * M)).toBe('cancelled');
    expect(clockStatus({ target: 'resolution', dueAt: due, stoppedAt: T0 + 10 * M, stoppedBy: 'resolved' }, T0 + 99 * M)).toBe('met');
    expect(clockStatus({ target: 'resolution', dueAt: null, stoppedAt: null, stoppedBy: null }, T0 + 10 ** 9)).toBe('running');
  });

  it('policies: ordered, first enabled match wins; empty lists match anything', () => {
    const base = { timeMode: 'business' as const, targetMs: { first_response: M, next_response: null, resolution: null }, warnPercent: 75, createdAt: 0 };
    const policies: Policy[] = [
      { ...base, id: 'off', name: 'off', position: 0, enabled: false, match: { channelIds: [], kinds: [], priorities: [] } },
      { ...base, id: 'urgent-dm', name: 'u', position: 1, enabled: true, match: { channelIds: [], kinds: ['dm'], priorities: ['high', 'urgent'] } },
      { ...base, id: 'ch', name: 'c', position: 2, enabled: true, match: { channelIds: ['ch1'], kinds: [], priorities: [] } },
      { ...base, id: 'any', name: 'a', position: 3, enabled: true, match: { channelIds: [], kinds: [], priorities: [] } },
    ];
    expect(matchPolicy(policies, { channel_id: 'ch1', kind: 'dm', priority: 4 })?.id).toBe('urgent-dm');
    expect(matchPolicy(policies, { channel_id: 'ch1', kind: 'dm', priority: 0 })?.id).toBe('ch');
    expect(matchPolicy(policies, { channel_id: 'ch2', kind: 'comment', priority: 0 })?.id).toBe('any');
    expect(matchPolicy(policies.slice(0, 2), { channel_id: 'ch2', kind: 'comment', priority: 0 })).toBeUndefined();
  });
});
