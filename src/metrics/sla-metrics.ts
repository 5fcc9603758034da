import type { MetricDef } from './definitions.js';
import { ratio } from './stats.js';
import { slaOutcomesAt, type Summary } from './summary.js';

/**
 * SLA attainment: the share of SLA targets met, over the targets that came to an outcome (met or
 * breached) among a row's customer cycles (the rule in docs/metrics.md "SLA attainment"). Each
 * target was measured in its own policy's time mode, so the report's time mode does not change it.
 */
const targets = (s: Summary, now: number) => {
  const o = slaOutcomesAt(s, now);
  return o.met + o.breached;
};
const met = (s: Summary, now: number) => slaOutcomesAt(s, now).met;

export const SLA_METRICS: MetricDef[] = [
  { key: 'slaTargets', label: 'SLA targets', unit: 'count', value: (s, _t, now) => targets(s, now) },
  { key: 'slaMet', label: 'SLA targets met', unit: 'count', value: (s, _t, now) => met(s, now) },
  { key: 'slaBreached', label: 'SLA targets breached', unit: 'count', value: (s, _t, now) => slaOutcomesAt(s, now).breached },
  { key: 'slaAttainment', label: 'SLA attainment', unit: 'ratio', value: (s, _t, now) => ratio(met(s, now), targets(s, now)) },
];
