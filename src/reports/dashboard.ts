import type { App } from '../app.js';
import type { Filters } from '../metrics/aggregate.js';
import { reportGroups } from '../metrics/compute-metrics.js';
import type { TimeMode } from '../metrics/definitions.js';
import { resolvePeriod } from '../metrics/period.js';
import { workspaceZone } from './report-period.js';

/** First-response buckets (upper bounds in seconds; the last is open). */
export const FR_BUCKETS = [
  { key: 'lt5m', label: '< 5 min', max: 300 },
  { key: 'lt15m', label: '5–15 min', max: 900 },
  { key: 'lt1h', label: '15–60 min', max: 3600 },
  { key: 'lt4h', label: '1–4 h', max: 14_400 },
  { key: 'lt24h', label: '4–24 h', max: 86_400 },
  { key: 'gte24h', label: '≥ 24 h', max: Infinity },
] as const;

/**
 * What the dashboard draws besides the metrics table: the distribution of first response times
 * (customer cycles that started in the period, the same set and clock as firstResponse* in the
 * metrics, plus the unanswered ones) and the sentiment mix of customer messages written in the
 * period (the triage engine's label; "unanalysed" until it has run) — both from the same
 * summary as the metrics' total, so every filter applies to them alike.
 */
export async function dashboardExtras(
  app: App,
  input: { workspaceId: string; from?: string; to?: string; time: TimeMode; timeZone?: string; filters: Filters; fromScratch?: boolean },
) {
  const tz = input.timeZone ?? (await workspaceZone(app.store.db, input.workspaceId, app.now()));
  const { from, to } = resolvePeriod(input, tz, app.now());
  const { total } = await reportGroups(app, input.workspaceId, { from, to, by: [], time: input.time, timeZone: tz, filters: input.filters }, input.fromScratch);
  const counts = new Map<string, number>([...FR_BUCKETS.map((b) => [b.key, 0] as [string, number]), ['unanswered', total.cycles - total.answered]]);
  for (const ms of input.time === 'business' ? total.frBiz : total.frCal) {
    const b = FR_BUCKETS.find((x) => ms / 1000 < x.max)!;
    counts.set(b.key, counts.get(b.key)! + 1);
  }
  const [positive, neutral, negative, unanalysed] = total.sentiment;
  const mix: Record<string, number> = { positive, neutral, negative, unanalysed };
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone: tz,
    time: input.time,
    firstResponseDistribution: [
      ...FR_BUCKETS.map((b) => ({ key: b.key, label: b.label, count: counts.get(b.key)! })),
      { key: 'unanswered', label: 'unanswered', count: counts.get('unanswered')! },
    ],
    sentimentMix: mix,
  };
}
