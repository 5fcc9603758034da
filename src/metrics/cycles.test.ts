import { describe, expect, it } from 'vitest';
import { WEEKDAYS, type ScheduleVersion, type Weekday } from '../hours/schedule.js';
import { aggregate } from './aggregate.js';
import { conversationFacts } from './cycles.js';
import type { ConversationTimeline, TimelineMessage } from './timeline.js';

const M = 60_000;
const T0 = Date.parse('2024-03-04T10:00:00Z'); // a Monday
let seq = 0;

function msg(direction: 'in' | 'out', minute: number, over: Partial<TimelineMessage> = {}): TimelineMessage {
  const at = T0 + minute * M;
  return {
    id: `m${String(++seq).padStart(5, '0')}`,
    direction,
    authorKind: direction === 'in' ? 'customer' : 'human',
    authorUserId: direction === 'in' ? null : 'u1',
    deliveryStatus: direction === 'in' ? 'received' : 'sent',
    at,
    arrival: at,
    ...over,
  };
}
const status = (minute: number, from: string, to: string) => ({ at: T0 + minute * M, seq: ++seq, from, to });

function timeline(over: Partial<ConversationTimeline>): ConversationTimeline {
  return { id: 'c1', channelId: 'ch1', kind: 'dm', assigneeId: null, teamId: null, tags: [], messages: [], statusChanges: [], assignments: [], ...over };
}
const frt = (tl: ConversationTimeline, hours: ScheduleVersion[] = []) =>
  conversationFacts(tl, hours).map((c) => (c.firstResponse ? c.firstResponse.cal / M : null));

describe('metric rules (pure)', () => {
  it('a bot or automation reply does not stop the first-response clock; a human reply does', () => {
    const tl = timeline({
      messages: [
        msg('in', 0),
        msg('out', 1, { authorKind: 'bot', authorUserId: null }),
        msg('out', 2, { authorKind: 'automation', authorUserId: null }),
        msg('out', 10),
      ],
    });
    expect(frt(tl)).toEqual([10]);
    expect(frt(timeline({ messages: [msg('in', 0), msg('out', 1, { authorKind: 'bot' })] }))).toEqual([null]);
  });

  it("an echo of a reply written on the network ('outside') counts as human; a failed reply does not", () => {
    expect(frt(timeline({ messages: [msg('in', 0), msg('out', 4, { authorKind: 'outside', authorUserId: null })] }))).toEqual([4]);
    expect(
      frt(timeline({ messages: [msg('in', 0), msg('out', 2, { deliveryStatus: 'failed' }), msg('out', 3, { deliveryStatus: 'needs_human' }), msg('out', 9)] })),
    ).toEqual([9]);
  });

  it('the clock starts at the first customer message; a reply before it answers nothing', () => {
    expect(frt(timeline({ messages: [msg('out', -5), msg('in', 0), msg('in', 3), msg('out', 7)] }))).toEqual([7]);
  });

  it('a reopened conversation starts a new first-response clock, and its first resolution did not stay resolved', () => {
    const tl = timeline({
      messages: [msg('in', 0), msg('out', 5), msg('in', 60), msg('out', 62)],
      statusChanges: [status(20, 'open', 'resolved'), status(60, 'resolved', 'open')],
    });
    const facts = conversationFacts(tl, []);
    expect(facts.map((c) => [c.index, c.start, c.firstResponse?.cal, c.resolution?.cal, c.reopened])).toEqual([
      [0, T0, 5 * M, 20 * M, true],
      [1, T0 + 60 * M, 2 * M, undefined, false],
    ]);
  });

  it('a reopen by an agent with no customer message is no customer cycle; resolved-and-stayed is not reopened', () => {
    const tl = timeline({
      messages: [msg('in', 0), msg('out', 5)],
      statusChanges: [status(10, 'open', 'resolved'), status(30, 'resolved', 'open'), status(31, 'open', 'resolved')],
    });
    const facts = conversationFacts(tl, []);
    expect(facts).toHaveLength(1);
    expect(facts[0].reopened).toBe(true);
    const stayed = conversationFacts(timeline({ messages: [msg('in', 0)], statusChanges: [status(10, 'open', 'resolved')] }), []);
    expect(stayed[0]).toMatchObject({ reopened: false, firstResponse: null, resolution: { cal: 10 * M } });
  });

  it('next response: each later wait of the customer until the next human reply', () => {
    const tl = timeline({
      messages: [msg('in', 0), msg('out', 5), msg('in', 10), msg('in', 12), msg('out', 14, { authorKind: 'bot' }), msg('out', 20), msg('in', 30)],
    });
    const [c] = conversationFacts(tl, []);
    expect(c.nextResponses.map((n) => [n.start, n.cal / M])).toEqual([[T0 + 10 * M, 10]]);
  });

  it('measures business time with the channel hours (Mon–Fri 9–17 Berlin: Friday 16:45 → Monday 09:15 is 30 minutes)', () => {
    const days = Object.fromEntries(WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ start: '09:00', end: '17:00' }]])) as Record<
      Weekday,
      ScheduleVersion['days']['mon']
    >;
    const hours: ScheduleVersion[] = [{ effectiveFrom: 0, timeZone: 'Europe/Berlin', days, holidays: [] }];
    const fri = Date.parse('2024-03-08T16:45:00+01:00');
    const mon = Date.parse('2024-03-11T09:15:00+01:00');
    const tl = timeline({
      messages: [
        { ...msg('in', 0), at: fri, arrival: fri },
        { ...msg('out', 0), at: mon, arrival: mon },
      ],
    });
    const [c] = conversationFacts(tl, hours);
    expect(c.firstResponse!.biz).toBe(30 * M);
    expect(c.firstResponse!.cal).toBe(mon - fri);
  });

  it('a late customer message (written earlier, delivered after the reply) moves the clock start back', () => {
    const late = msg('in', -10, { arrival: T0 + 30 * M });
    expect(frt(timeline({ messages: [msg('in', 0), msg('out', 10), late] }))).toEqual([20]);
  });

  it('a late message that arrives after a reopen belongs to the new cycle (as intake threaded it)', () => {
    const tl = timeline({
      messages: [msg('in', 0), msg('out', 2), msg('in', 15, { arrival: T0 + 40 * M }), msg('out', 45)],
      statusChanges: [status(20, 'open', 'resolved'), status(40, 'resolved', 'open')],
    });
    expect(frt(tl)).toEqual([2, 30]);
  });

  it('credits a cycle to the assignee and team when it was resolved, per the event log', () => {
    const tl = timeline({
      assigneeId: 'u3',
      teamId: 't2',
      messages: [msg('in', 0), msg('out', 2), msg('in', 60)],
      statusChanges: [status(20, 'open', 'resolved'), status(60, 'resolved', 'open')],
      assignments: [
        { at: T0 + 1 * M, seq: 1, assigneeId: 'u1', teamId: 't1', previousAssigneeId: null, previousTeamId: null },
        { at: T0 + 50 * M, seq: 2, assigneeId: 'u3', teamId: 't2', previousAssigneeId: 'u1', previousTeamId: 't1' },
      ],
    });
    expect(conversationFacts(tl, []).map((c) => [c.agentId, c.teamId])).toEqual([
      ['u1', 't1'],
      ['u3', 't2'],
    ]);
  });

  it('facts do not depend on the order rows are read in (out-of-order events)', () => {
    const messages = [
      msg('in', 0),
      msg('out', 3, { authorKind: 'bot' }),
      msg('out', 5),
      msg('in', 9),
      msg('out', 11),
      msg('in', 70),
      msg('out', 75),
      msg('in', 80),
    ];
    const statusChanges = [status(30, 'open', 'resolved'), status(70, 'resolved', 'open'), status(90, 'open', 'pending')];
    const base = JSON.stringify(conversationFacts(timeline({ messages, statusChanges }), []));
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 50; i++) {
      const shuffle = <T>(xs: T[]) =>
        xs
          .map((x) => [rnd(), x] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, x]) => x);
      expect(JSON.stringify(conversationFacts(timeline({ messages: shuffle(messages), statusChanges: shuffle(statusChanges) }), []))).toBe(base);
    }
  });

  it('aggregates: response rate, FRT median/mean/p90, resolution and reopen rates, by period', () => {
    const tls = [0, 1, 2, 3].map((i) =>
      timeline({
        id: `c${i}`,
        messages: [msg('in', i * 1440), ...(i < 3 ? [msg('out', i * 1440 + (i + 1) * 10)] : [])],
        statusChanges: i === 0 ? [status(30, 'open', 'resolved')] : [],
      }),
    );
    const facts = tls.flatMap((tl) => conversationFacts(tl, []));
    const { rows, total } = aggregate(facts, { from: T0, to: T0 + 7 * 1440 * M, by: ['day'], time: 'calendar', timeZone: 'UTC', filters: {} });
    expect(total.metrics).toMatchObject({
      conversations: 4,
      newConversations: 4,
      inboundMessages: 4,
      answered: 3,
      responseRate: 0.75,
      firstResponseMedian: 1200,
      firstResponseMean: 1200,
      firstResponseP90: 1800,
      resolved: 1,
      resolutionRate: 0.25,
      reopenRate: 0,
    });
    expect(rows.map((r) => r.key.day)).toEqual(['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07']);
    expect(aggregate(facts, { from: T0, to: T0 + 7 * 1440 * M, by: ['week'], time: 'calendar', timeZone: 'UTC', filters: {} }).rows[0].key.week).toBe(
      '2024-03-04',
    );
  });
});
