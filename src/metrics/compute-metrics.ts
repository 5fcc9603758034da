import type { App } from '../app.js';
import { channelTimeline, loadHoursRows } from '../hours/load-schedules.js';
import { aggregate, type Filters, type GroupBy, type ReportRow } from './aggregate.js';
import { conversationFacts, type CycleFact } from './cycles.js';
import { METRICS, type TimeMode } from './definitions.js';
import { loadTimelines } from './load-timelines.js';
import { resolvePeriod } from './period.js';
import { attachSurveyAnswers } from '../surveys/survey-facts.js';
import { attachSlaOutcomes } from '../sla/sla-facts.js';

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
}

/**
 * Computes the metrics table on demand from the event log and messages (no rollups: every
 * number is a from-scratch computation, so a late event or a reopen is reflected at once and
 * there is nothing to drift). See docs/metrics.md for each rule.
 */
export async function computeMetrics(app: App, input: MetricsInput) {
  const db = app.store.db;
  const filters = input.filters ?? {};
  const hoursRows = await loadHoursRows(db, input.workspaceId);
  const timeZone = input.timeZone ?? defaultZone(hoursRows, app.now());
  const { from, to } = resolvePeriod(input, timeZone, app.now());
  const facts = await loadFacts(app, { workspaceId: input.workspaceId, from, to, filters }, hoursRows);
  const { rows, total } = aggregate(facts, { from, to, by: input.by, time: input.time, timeZone, filters });
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

/** Facts of every conversation where a customer wrote in [from, to), with each channel's hours. */
export async function loadFacts(app: App, input: { workspaceId: string; from: number; to: number; filters: Filters }, hoursRows?: Awaited<ReturnType<typeof loadHoursRows>>): Promise<CycleFact[]> {
  const rows = hoursRows ?? (await loadHoursRows(app.store.db, input.workspaceId));
  const timelines = await loadTimelines(app.store.db, { workspaceId: input.workspaceId, from: input.from, to: input.to, channelId: input.filters.channel, kind: input.filters.kind });
  const hours = new Map<string, ReturnType<typeof channelTimeline>>();
  const facts: CycleFact[] = [];
  for (const tl of timelines) {
    let h = hours.get(tl.channelId);
    if (!h) hours.set(tl.channelId, (h = channelTimeline(rows, tl.channelId)));
    facts.push(...conversationFacts(tl, h));
  }
  await attachSurveyAnswers(app.store.db, input.workspaceId, facts);
  await attachSlaOutcomes(app.store.db, input.workspaceId, facts, app.now());
  return facts;
}

function defaultZone(rows: Awaited<ReturnType<typeof loadHoursRows>>, now: number): string {
  const defaults = rows.filter((r) => r.channelId === null && r.hours);
  const current = defaults.filter((r) => r.effectiveFrom <= now).at(-1) ?? defaults[0];
  return current?.hours?.timeZone ?? 'UTC';
}

/** Names for the ids in row keys (channel, agent, team); other keys are their own label. */
async function labelsFor(app: App, workspaceId: string, rows: ReportRow[]) {
  const db = app.store.db;
  const used = (k: GroupBy) => rows.some((r) => r.key[k] !== undefined);
  const names = new Map<string, string>();
  if (used('channel')) for (const c of await db.selectFrom('channels').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) names.set(`channel:${c.id}`, c.name);
  if (used('team')) for (const t of await db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) names.set(`team:${t.id}`, t.name);
  if (used('agent')) {
    const users = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.name']).where('memberships.workspace_id', '=', workspaceId).execute();
    for (const u of users) names.set(`agent:${u.id}`, u.name);
  }
  return (k: GroupBy, v: string) => names.get(`${k}:${v}`) ?? (v === 'none' ? `(no ${k})` : v);
}
