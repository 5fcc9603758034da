import type { App } from '../app.js';
import { loadHoursRows } from '../hours/load-schedules.js';
import { group, present, type AggregateSpec, type Filters, type GroupBy, type Grouped, type ReportRow } from './aggregate.js';
import type { CycleFact } from './cycles.js';
import { METRICS, type TimeMode } from './definitions.js';
import { loadTimelines } from './load-timelines.js';
import { resolvePeriod } from './period.js';
import { computeConversationFacts } from './rollup/compute-facts.js';
import { loadRollupFacts } from './rollup/load-rollup-facts.js';
import { rollupGrouped } from './rollup/rollup-report.js';

export interface MetricsInput {
  workspaceId: string;
  /** A date or an ISO time (see period.ts); default the last 30 days. */
  from?: string;
  to?: string;
  by: GroupBy[];
  time: TimeMode;
  /** Zone of day/week/month buckets; default: the workspace's business-hours zone, else UTC. */
  timeZone?: string;
  filters?: Filters;
  /** Skip the rollups and compute every fact from the timelines (audits; see loadFacts). */
  fromScratch?: boolean;
}

/**
 * Computes the metrics table from each customer cycle's facts (rollups kept by the projector,
 * stale conversations recomputed on the spot, so a late event or a reopen is reflected at once).
 * See docs/metrics.md for each rule.
 */
export async function computeMetrics(app: App, input: MetricsInput) {
  const db = app.store.db;
  const filters = input.filters ?? {};
  const hoursRows = await loadHoursRows(db, input.workspaceId);
  const timeZone = input.timeZone ?? defaultZone(hoursRows, app.now());
  const { from, to } = resolvePeriod(input, timeZone, app.now());
  const { rows, total } = present(
    await reportGroups(app, input.workspaceId, { from, to, by: input.by, time: input.time, timeZone, filters }, input.fromScratch),
    input.time,
    app.now(),
  );
  const labels = await labelsFor(app, input.workspaceId, rows);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    time: input.time,
    timeZone,
    by: input.by,
    filters,
    metrics: METRICS.map(({ key, label, unit }) => ({ key, label, unit })),
    rows: rows.map((r) => ({ ...r, labels: Object.fromEntries(Object.entries(r.key).map(([k, v]) => [k, labels(k as GroupBy, v!)])) })),
    total,
    definitions: 'docs/metrics.md',
  };
}

export type MetricsReport = Awaited<ReturnType<typeof computeMetrics>>;

/**
 * Facts of every conversation where a customer wrote in [from, to): from the metric rollups
 * (src/metrics/rollup), or — `fromScratch`, for audits (`hearken report --from-scratch`) and the
 * test that holds the rollups to it — straight from the timelines. Both give the same report.
 */
export async function loadFacts(
  app: App,
  input: { workspaceId: string; from: number; to: number; filters: Filters; fromScratch?: boolean },
): Promise<CycleFact[]> {
  if (!input.fromScratch) return loadRollupFacts(app, input);
  const timelines = await loadTimelines(app.store.db, {
    workspaceId: input.workspaceId,
    from: input.from,
    to: input.to,
    channelId: input.filters.channel,
    kind: input.filters.kind,
  });
  return (
    await computeConversationFacts(
      app.store.db,
      input.workspaceId,
      timelines.map((t) => t.id),
    )
  ).facts;
}

/** A report's group summaries: from the stored hours where they can serve it, else from the cycles. */
export async function reportGroups(app: App, workspaceId: string, spec: AggregateSpec, fromScratch?: boolean): Promise<Grouped> {
  if (!fromScratch) {
    const g = await rollupGrouped(app, workspaceId, spec);
    if (g) return g;
  }
  return group(await loadFacts(app, { workspaceId, from: spec.from, to: spec.to, filters: spec.filters, fromScratch }), spec);
}

export function defaultZone(rows: Awaited<ReturnType<typeof loadHoursRows>>, now: number): string {
  const defaults = rows.filter((r) => r.channelId === null && r.hours);
  const current = defaults.filter((r) => r.effectiveFrom <= now).at(-1) ?? defaults[0];
  return current?.hours?.timeZone ?? 'UTC';
}

/** Names for the ids in row keys (channel, agent, team); other keys are their own label. */
async function labelsFor(app: App, workspaceId: string, rows: ReportRow[]) {
  const db = app.store.db;
  const used = (k: GroupBy) => rows.some((r) => r.key[k] !== undefined);
  const names = new Map<string, string>();
  if (used('channel'))
    for (const c of await db.selectFrom('channels').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute())
      names.set(`channel:${c.id}`, c.name);
  if (used('team'))
    for (const t of await db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) names.set(`team:${t.id}`, t.name);
  if (used('agent')) {
    const users = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.name'])
      .where('memberships.workspace_id', '=', workspaceId)
      .execute();
    for (const u of users) names.set(`agent:${u.id}`, u.name);
  }
  return (k: GroupBy, v: string) => names.get(`${k}:${v}`) ?? (v === 'none' ? `(no ${k})` : v);
}
