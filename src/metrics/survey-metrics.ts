import type { MetricDef } from './definitions.js';
import type { Summary } from './summary.js';
import { mean, ratio } from './stats.js';

/**
 * CSAT, NPS and CES from the survey answers attached to a row's customer cycles (the rules in
 * docs/metrics.md "Customer surveys"). Time mode does not change them.
 */
const scores = (s: Summary, kind: 'csat' | 'nps' | 'ces') => s[kind];
const count = (s: Summary, kind: 'csat' | 'nps' | 'ces', pred: (score: number) => boolean) => scores(s, kind).filter(pred).length;

/** NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100. */
export function nps(values: number[]): number | null {
  if (values.length === 0) return null;
  const promoters = values.filter((s) => s >= 9).length;
  const detractors = values.filter((s) => s <= 6).length;
  return ((promoters - detractors) / values.length) * 100;
}

export const SURVEY_METRICS: MetricDef[] = [
  { key: 'csatAnswers', label: 'CSAT answers', unit: 'count', value: (f) => scores(f, 'csat').length },
  {
    key: 'csat',
    label: 'CSAT (happy share)',
    unit: 'ratio',
    value: (f) =>
      ratio(
        count(f, 'csat', (s) => s === 3),
        scores(f, 'csat').length,
      ),
  },
  { key: 'csatHappy', label: 'CSAT happy', unit: 'count', value: (f) => count(f, 'csat', (s) => s === 3) },
  { key: 'csatOkay', label: 'CSAT okay', unit: 'count', value: (f) => count(f, 'csat', (s) => s === 2) },
  { key: 'csatUnhappy', label: 'CSAT unhappy', unit: 'count', value: (f) => count(f, 'csat', (s) => s === 1) },
  { key: 'npsAnswers', label: 'NPS answers', unit: 'count', value: (f) => scores(f, 'nps').length },
  { key: 'nps', label: 'NPS', unit: 'score', value: (f) => nps(scores(f, 'nps')) },
  { key: 'npsPromoters', label: 'NPS promoters', unit: 'count', value: (f) => count(f, 'nps', (s) => s >= 9) },
  { key: 'npsPassives', label: 'NPS passives', unit: 'count', value: (f) => count(f, 'nps', (s) => s === 7 || s === 8) },
  { key: 'npsDetractors', label: 'NPS detractors', unit: 'count', value: (f) => count(f, 'nps', (s) => s <= 6) },
  { key: 'cesAnswers', label: 'CES answers', unit: 'count', value: (f) => scores(f, 'ces').length },
  { key: 'cesMean', label: 'CES mean', unit: 'score', value: (f) => mean(scores(f, 'ces')) },
];
