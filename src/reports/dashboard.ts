import type { App } from '../app.js';
import { loadHoursRows } from '../hours/load-schedules.js';
import { matches, type Filters } from '../metrics/aggregate.js';
import { loadFacts } from '../metrics/compute-metrics.js';
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
 * period (the triage engine's label; "unanalysed" until it has run).
 */
export async function dashboardExtras(app: App, input: { workspaceId: string; from?: string; to?: string; time: TimeMode; timeZone?: string; filters: Filters }) {
  const tz = input.timeZone ?? (await workspaceZone(app.store.db, input.workspaceId, app.now()));
  const { from, to } = resolvePeriod(input, tz, app.now());
  const facts = await loadFacts(app, { workspaceId: input.workspaceId, from, to, filters: input.filters }, await loadHoursRows(app.store.db, input.workspaceId));
  const counts = new Map<string, number>([...FR_BUCKETS.map((b) => [b.key, 0] as [string, number]), ['unanswered', 0]]);
  for (const c of facts) {
    if (c.start < from || c.start >= to || !matches(c, input.filters)) continue;
    if (!c.firstResponse) {
      counts.set('unanswered', counts.get('unanswered')! + 1);
      continue;
    }
    const s = (input.time === 'business' ? c.firstResponse.biz : c.firstResponse.cal) / 1000;
    const b = FR_BUCKETS.find((x) => s < x.max)!;
    counts.set(b.key, counts.get(b.key)! + 1);
  }

  let q = app.store.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.sentiment', (eb) => eb.fn.countAll<number>().as('n')])
    .where('messages.workspace_id', '=', input.workspaceId)
    .where('messages.direction', '=', 'in')
    .where('messages.network_ts', '>=', from)
    .where('messages.network_ts', '<', to)
    .groupBy('messages.sentiment');
  if (input.filters.channel) q = q.where('conversations.channel_id', '=', input.filters.channel);
  if (input.filters.kind) q = q.where('conversations.kind', '=', input.filters.kind as never);
  const mix: Record<string, number> = { positive: 0, neutral: 0, negative: 0, unanalysed: 0 };
  for (const r of await q.execute()) {
    const k = r.sentiment ?? 'unanalysed';
    mix[k] = (mix[k] ?? 0) + Number(r.n);
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone: tz,
    time: input.time,
    firstResponseDistribution: [...FR_BUCKETS.map((b) => ({ key: b.key, label: b.label, count: counts.get(b.key)! })), { key: 'unanswered', label: 'unanswered', count: counts.get('unanswered')! }],
    sentimentMix: mix,
  };
}
