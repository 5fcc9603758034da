import { describe, expect, it } from 'vitest';
import { aggregate } from '../metrics/aggregate.js';
import { conversationFacts, type CycleFact } from '../metrics/cycles.js';
import { nps } from '../metrics/survey-metrics.js';
import type { ConversationTimeline } from '../metrics/timeline.js';

const M = 60_000;
const T0 = Date.parse('2024-03-04T10:00:00Z');
let n = 0;
const at = (minute: number) => T0 + minute * M;

function cycle(over: Partial<CycleFact>): CycleFact {
  return {
    conversationId: `c${++n}`,
    channelId: 'ch1',
    kind: 'dm',
    agentId: 'u1',
    teamId: null,
    tags: [],
    index: 0,
    start: at(0),
    inbound: [at(0)],
    inboundSentiment: [null],
    firstResponse: null,
    nextResponses: [],
    resolvedAt: at(30),
    resolution: null,
    reopened: false,
    ...over,
  };
}
const spec = (by: Array<'agent' | 'day' | 'channel'> = []) => ({
  from: at(-60),
  to: at(5 * 24 * 60),
  by,
  time: 'calendar' as const,
  timeZone: 'UTC',
  filters: {},
});

describe('survey metric rules (docs/metrics.md "Customer surveys")', () => {
  it('CSAT is the share of happy answers among CSAT answers, with the mix of faces', () => {
    const facts = [3, 3, 2, 1, 3].map((score) => cycle({ survey: { kind: 'csat', score } }));
    facts.push(cycle({}), cycle({ survey: { kind: 'nps', score: 10 } }));
    const { total } = aggregate(facts, spec());
    expect(total.metrics).toMatchObject({ csatAnswers: 5, csat: 3 / 5, csatHappy: 3, csatOkay: 1, csatUnhappy: 1 });
  });

  it('NPS is % promoters (9–10) minus % detractors (0–6); 7–8 are passives; no answers → null', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toBeCloseTo(0);
    expect(nps([10, 10, 10, 6])).toBe(50);
    expect(nps([0, 1])).toBe(-100);
    expect(nps([])).toBeNull();
    const facts = [10, 9, 8, 3].map((score) => cycle({ survey: { kind: 'nps', score } }));
    expect(aggregate(facts, spec()).total.metrics).toMatchObject({ npsAnswers: 4, nps: 25, npsPromoters: 2, npsPassives: 1, npsDetractors: 1 });
  });

  it('CES is the mean of 1–7 answers; a row without answers has null, not 0', () => {
    const facts = [7, 5, 6].map((score) => cycle({ survey: { kind: 'ces', score } }));
    expect(aggregate(facts, spec()).total.metrics).toMatchObject({ cesAnswers: 3, cesMean: 6 });
    expect(aggregate([cycle({})], spec()).total.metrics).toMatchObject({ cesAnswers: 0, cesMean: null, csat: null, nps: null });
  });

  it('an answer counts where its cycle counts: its agent and the period the cycle started in', () => {
    const facts = [
      cycle({ agentId: 'ana', survey: { kind: 'csat', score: 3 } }),
      cycle({ agentId: 'bo', start: at(24 * 60), inbound: [at(24 * 60)], survey: { kind: 'csat', score: 1 } }),
    ];
    const byAgent = aggregate(facts, spec(['agent'])).rows.map((r) => [r.key.agent, r.metrics.csat]);
    expect(byAgent).toEqual([
      ['ana', 1],
      ['bo', 0],
    ]);
    const byDay = aggregate(facts, spec(['day'])).rows.map((r) => [r.key.day, r.metrics.csatAnswers]);
    expect(byDay).toEqual([
      ['2024-03-04', 1],
      ['2024-03-05', 1],
    ]);
  });

  it('survey and bot messages never stop the first-response clock (they are automations)', () => {
    const tl: ConversationTimeline = {
      id: 'c',
      channelId: 'ch1',
      kind: 'dm',
      assigneeId: null,
      teamId: null,
      tags: [],
      assignments: [],
      messages: [
        { id: 'm1', direction: 'in', authorKind: 'customer', authorUserId: null, deliveryStatus: 'received', at: at(0), arrival: at(0) },
        { id: 'm2', direction: 'out', authorKind: 'automation', authorUserId: null, deliveryStatus: 'sent', at: at(1), arrival: at(1) },
      ],
      statusChanges: [],
    };
    expect(conversationFacts(tl, [])[0]!.firstResponse).toBeNull();
  });
});
