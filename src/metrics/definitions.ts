import { mean, medianOfSorted, percentileOfSorted, ratio } from './stats.js';
import type { Summary } from './summary.js';
import { SURVEY_METRICS } from './survey-metrics.js';
import { SLA_METRICS } from './sla-metrics.js';

/**
 * The metrics of a report row, one definition each (the rule in words: docs/metrics.md), as
 * functions of the row's summary (summary.ts): the customer cycles that started in the row's
 * period and match its keys, the customer messages written and the later waits begun in it.
 * Adding a metric is one more entry here reading one more field of the summary.
 */

export type TimeMode = 'calendar' | 'business';

export interface MetricDef {
  key: string;
  label: string;
  unit: 'count' | 'ratio' | 'seconds' | 'score';
  /** `now` judges SLA clocks still running (breached once past due). */
  value(s: Summary, time: TimeMode, now: number): number | null;
}

// Durations are kept in ms; reports speak seconds. Sorted once per row and mode (a typed array
// sorts numbers without a comparator, several times faster), then shared by the median, mean and
// p90: a month's row holds tens of thousands of values.
const sortedCache = new WeakMap<number[], Float64Array>();
function seconds(values: number[]): Float64Array {
  let s = sortedCache.get(values);
  if (!s) {
    s = Float64Array.from(values).sort();
    for (let i = 0; i < s.length; i++) s[i] /= 1000;
    sortedCache.set(values, s);
  }
  return s;
}
const pickMs = (cal: keyof Summary, biz: keyof Summary) => (s: Summary, t: TimeMode) => seconds(s[t === 'business' ? biz : cal] as number[]);

const durationStats = (key: string, label: string, values: (s: Summary, t: TimeMode) => ArrayLike<number>): MetricDef[] => [
  { key: `${key}Median`, label: `${label} median`, unit: 'seconds', value: (s, t) => medianOfSorted(values(s, t)) },
  { key: `${key}Mean`, label: `${label} mean`, unit: 'seconds', value: (s, t) => mean(values(s, t)) },
  { key: `${key}P90`, label: `${label} p90`, unit: 'seconds', value: (s, t) => percentileOfSorted(values(s, t), 90) },
];

export const METRICS: MetricDef[] = [
  { key: 'inboundMessages', label: 'inbound messages', unit: 'count', value: (s) => s.inbound },
  { key: 'newConversations', label: 'new conversations', unit: 'count', value: (s) => s.newConversations },
  { key: 'conversations', label: 'customer cycles', unit: 'count', value: (s) => s.cycles },
  { key: 'answered', label: 'answered', unit: 'count', value: (s) => s.answered },
  { key: 'responseRate', label: 'response rate', unit: 'ratio', value: (s) => ratio(s.answered, s.cycles) },
  ...durationStats('firstResponse', 'first response', pickMs('frCal', 'frBiz')),
  { key: 'nextResponses', label: 'next responses', unit: 'count', value: (s) => s.nextCal.length },
  ...durationStats('nextResponse', 'next response', pickMs('nextCal', 'nextBiz')),
  { key: 'resolved', label: 'resolved', unit: 'count', value: (s) => s.resolved },
  { key: 'resolutionRate', label: 'resolution rate', unit: 'ratio', value: (s) => ratio(s.resolved, s.cycles) },
  ...durationStats('resolution', 'resolution', pickMs('resCal', 'resBiz')),
  { key: 'reopened', label: 'reopened', unit: 'count', value: (s) => s.reopened },
  { key: 'reopenRate', label: 'reopen rate', unit: 'ratio', value: (s) => ratio(s.reopened, s.resolved) },
  ...SLA_METRICS,
  ...SURVEY_METRICS,
];
