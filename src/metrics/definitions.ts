import type { CycleFact, Duration } from './cycles.js';
import { mean, median, percentile, ratio } from './stats.js';
import { SURVEY_METRICS } from './survey-metrics.js';
import { SLA_METRICS } from './sla-metrics.js';

/**
 * The metrics of a report row, one definition each (the rule in words: docs/metrics.md). A row
 * holds the facts attributed to it; adding a metric (SLA attainment, CSAT…) is one more entry
 * here reading one more fact from CycleFact.
 */

export type TimeMode = 'calendar' | 'business';

export interface RowFacts {
  /** Customer cycles that started in the row's period (and match its keys). */
  cycles: CycleFact[];
  /** Customer messages written in the period. */
  inbound: number;
  /** Conversations whose first customer message was written in the period. */
  newConversations: number;
  /** Answered later waits (next response) that started in the period. */
  next: Duration[];
}

export interface MetricDef {
  key: string;
  label: string;
  unit: 'count' | 'ratio' | 'seconds' | 'score';
  value(f: RowFacts, time: TimeMode): number | null;
}

const pick = (time: TimeMode) => (d: Duration) => (time === 'business' ? d.biz : d.cal) / 1000;
const firstResponses = (f: RowFacts, t: TimeMode) => f.cycles.flatMap((c) => (c.firstResponse ? [pick(t)(c.firstResponse)] : []));
const resolutions = (f: RowFacts, t: TimeMode) => f.cycles.flatMap((c) => (c.resolution ? [pick(t)(c.resolution)] : []));
const answered = (f: RowFacts) => f.cycles.filter((c) => c.firstResponse).length;
const resolved = (f: RowFacts) => f.cycles.filter((c) => c.resolvedAt !== null).length;
const reopened = (f: RowFacts) => f.cycles.filter((c) => c.reopened).length;

const durationStats = (key: string, label: string, values: (f: RowFacts, t: TimeMode) => number[]): MetricDef[] => [
  { key: `${key}Median`, label: `${label} median`, unit: 'seconds', value: (f, t) => median(values(f, t)) },
  { key: `${key}Mean`, label: `${label} mean`, unit: 'seconds', value: (f, t) => mean(values(f, t)) },
  { key: `${key}P90`, label: `${label} p90`, unit: 'seconds', value: (f, t) => percentile(values(f, t), 90) },
];

export const METRICS: MetricDef[] = [
  { key: 'inboundMessages', label: 'inbound messages', unit: 'count', value: (f) => f.inbound },
  { key: 'newConversations', label: 'new conversations', unit: 'count', value: (f) => f.newConversations },
  { key: 'conversations', label: 'customer cycles', unit: 'count', value: (f) => f.cycles.length },
  { key: 'answered', label: 'answered', unit: 'count', value: answered },
  { key: 'responseRate', label: 'response rate', unit: 'ratio', value: (f) => ratio(answered(f), f.cycles.length) },
  ...durationStats('firstResponse', 'first response', firstResponses),
  { key: 'nextResponses', label: 'next responses', unit: 'count', value: (f) => f.next.length },
  ...durationStats('nextResponse', 'next response', (f, t) => f.next.map(pick(t))),
  { key: 'resolved', label: 'resolved', unit: 'count', value: resolved },
  { key: 'resolutionRate', label: 'resolution rate', unit: 'ratio', value: (f) => ratio(resolved(f), f.cycles.length) },
  ...durationStats('resolution', 'resolution', resolutions),
  { key: 'reopened', label: 'reopened', unit: 'count', value: reopened },
  { key: 'reopenRate', label: 'reopen rate', unit: 'ratio', value: (f) => ratio(reopened(f), resolved(f)) },
  ...SLA_METRICS,
  ...SURVEY_METRICS,
];
