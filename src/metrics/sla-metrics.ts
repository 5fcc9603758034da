import type { MetricDef, RowFacts } from './definitions.js';
import { ratio } from './stats.js';

/**
 * SLA attainment: the share of SLA targets met, over the targets that came to an outcome (met or
 * breached) among a row's customer cycles (the rule in docs/metrics.md "SLA attainment"). Each
 * target was measured in its own policy's time mode, so the report's time mode does not change it.
 */
const outcomes = (f: RowFacts) => f.cycles.flatMap((c) => c.sla ?? []);
const met = (f: RowFacts) => outcomes(f).filter((o) => o.met).length;

export const SLA_METRICS: MetricDef[] = [
  { key: 'slaTargets', label: 'SLA targets', unit: 'count', value: (f) => outcomes(f).length },
  { key: 'slaMet', label: 'SLA targets met', unit: 'count', value: met },
  { key: 'slaBreached', label: 'SLA targets breached', unit: 'count', value: (f) => outcomes(f).length - met(f) },
  { key: 'slaAttainment', label: 'SLA attainment', unit: 'ratio', value: (f) => ratio(met(f), outcomes(f).length) },
];
