import type { CycleFact } from './cycles.js';

/**
 * What a report row knows — counts, and every duration as a value (medians and p90 need them
 * all) — as a value that can be added and taken away: the metrics of docs/metrics.md are
 * functions of it (definitions.ts). Rows are built from cycle facts (aggregate.ts) or from the
 * stored per-hour summaries of the rollups (rollup/buckets.ts): the same numbers either way,
 * since adding summaries is exact (integer milliseconds, multisets of values).
 */
export interface Summary {
  /** Customer cycles that started (and everything measured on them, attributed to that start). */
  cycles: number;
  newConversations: number;
  answered: number;
  resolved: number;
  reopened: number;
  /** First response and resolution times, in ms, calendar and business. */
  frCal: number[];
  frBiz: number[];
  resCal: number[];
  resBiz: number[];
  /** Customer messages written, with their sentiment: positive, neutral, negative, unanalysed. */
  inbound: number;
  sentiment: [number, number, number, number];
  /** Answered later waits, by when the wait began (ms). */
  nextCal: number[];
  nextBiz: number[];
  /** SLA clocks with an outcome whatever the time, and running ones judged per report: [dueAt, met if not yet due (1/0)]. */
  slaMet: number;
  slaBreached: number;
  slaPending: Array<[number, number]>;
  csat: number[];
  nps: number[];
  ces: number[];
}

export const emptySummary = (): Summary => ({
  cycles: 0,
  newConversations: 0,
  answered: 0,
  resolved: 0,
  reopened: 0,
  frCal: [],
  frBiz: [],
  resCal: [],
  resBiz: [],
  inbound: 0,
  sentiment: [0, 0, 0, 0],
  nextCal: [],
  nextBiz: [],
  slaMet: 0,
  slaBreached: 0,
  slaPending: [],
  csat: [],
  nps: [],
  ces: [],
});

const SENTIMENT_INDEX: Record<string, number> = { positive: 0, neutral: 1, negative: 2 };
type Sign = 1 | -1;

/** A multiset change: add the value, or take one equal value away. */
function change<T>(list: T[], value: T, sign: Sign, same: (a: T, b: T) => boolean = (a, b) => a === b): void {
  if (sign === 1) list.push(value);
  else {
    const i = list.findIndex((x) => same(x, value));
    if (i < 0) throw new Error('metric summary: taking away a value it does not hold');
    list.splice(i, 1);
  }
}

/** The moments of a cycle fact and what each adds to the row of its period. */
export type Moment = { at: number; apply: (s: Summary, sign: Sign) => void };

export function momentsOf(c: CycleFact): Moment[] {
  const out: Moment[] = [{ at: c.start, apply: (s, sign) => applyCycle(s, c, sign) }];
  c.inbound.forEach((t, i) => {
    const k = SENTIMENT_INDEX[c.inboundSentiment[i] ?? ''] ?? 3;
    out.push({
      at: t,
      apply: (s, sign) => {
        s.inbound += sign;
        s.sentiment[k] += sign;
      },
    });
  });
  for (const n of c.nextResponses) {
    out.push({
      at: n.start,
      apply: (s, sign) => {
        change(s.nextCal, n.cal, sign);
        change(s.nextBiz, n.biz, sign);
      },
    });
  }
  return out;
}

function applyCycle(s: Summary, c: CycleFact, sign: Sign): void {
  s.cycles += sign;
  if (c.index === 0) s.newConversations += sign;
  if (c.firstResponse) {
    s.answered += sign;
    change(s.frCal, c.firstResponse.cal, sign);
    change(s.frBiz, c.firstResponse.biz, sign);
  }
  if (c.resolvedAt !== null) s.resolved += sign;
  if (c.resolution) {
    change(s.resCal, c.resolution.cal, sign);
    change(s.resBiz, c.resolution.biz, sign);
  }
  if (c.reopened) s.reopened += sign;
  if (c.slaClocks) {
    // The outcome rule (docs/metrics.md "SLA attainment"): breached, or met; a clock still
    // running past its due time is breached at the time of the report — decided per report.
    for (const k of c.slaClocks) {
      if (k.status === 'breached') s.slaBreached += sign;
      else if (k.stoppedAt === null && k.dueAt !== null)
        change(s.slaPending, [k.dueAt, k.status === 'met' ? 1 : 0] as [number, number], sign, (a, b) => a[0] === b[0] && a[1] === b[1]);
      else if (k.status === 'met') s.slaMet += sign;
    }
  } else for (const o of c.sla ?? []) o.met ? (s.slaMet += sign) : (s.slaBreached += sign);
  if (c.survey) change(s[c.survey.kind], c.survey.score, sign);
}

/** Adds (or, sign −1, takes away) one summary into another. */
export function mergeInto(into: Summary, s: Summary, sign: Sign = 1): void {
  into.cycles += sign * s.cycles;
  into.newConversations += sign * s.newConversations;
  into.answered += sign * s.answered;
  into.resolved += sign * s.resolved;
  into.reopened += sign * s.reopened;
  into.inbound += sign * s.inbound;
  for (let i = 0; i < 4; i++) into.sentiment[i] += sign * s.sentiment[i];
  into.slaMet += sign * s.slaMet;
  into.slaBreached += sign * s.slaBreached;
  for (const k of ['frCal', 'frBiz', 'resCal', 'resBiz', 'nextCal', 'nextBiz', 'csat', 'nps', 'ces'] as const) {
    if (sign === 1) {
      const from = s[k];
      for (let i = 0; i < from.length; i += 10_000) into[k].push(...from.slice(i, i + 10_000));
    } else for (const v of s[k]) change(into[k], v, -1);
  }
  for (const p of s.slaPending) change(into.slaPending, p, sign, (a, b) => a[0] === b[0] && a[1] === b[1]);
}

/** SLA outcomes at `now`: the stored ones plus the running clocks judged now. */
export function slaOutcomesAt(s: Summary, now: number): { met: number; breached: number } {
  let met = s.slaMet;
  let breached = s.slaBreached;
  for (const [due, metIfNotDue] of s.slaPending) {
    if (due <= now) breached++;
    else if (metIfNotDue) met++;
  }
  return { met, breached };
}
