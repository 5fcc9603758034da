import { addDays, dateKey, isoWeekday, localParts, zonedToUtc, type LocalDate } from '../hours/zoned-time.js';
import type { CycleFact } from './cycles.js';
import { METRICS, type TimeMode } from './definitions.js';
import { emptySummary, momentsOf, type Summary } from './summary.js';

/**
 * Groups facts into report rows. Each fact is attributed to the period containing ITS moment:
 * a customer cycle (and everything measured on it: answer, first response, resolution, reopen)
 * to its start, a message to when it was written, a next response to when its wait began.
 */

export const DIMENSIONS = ['channel', 'agent', 'kind', 'tag', 'team'] as const;
export const PERIODS = ['day', 'week', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Period = (typeof PERIODS)[number];
export type GroupBy = Dimension | Period;

export interface Filters {
  channel?: string;
  kind?: string;
  /** A team id, or "none". */
  team?: string;
  /** A user id, or "none". */
  agent?: string;
  tag?: string;
}

export interface AggregateSpec {
  from: number;
  to: number;
  by: GroupBy[];
  time: TimeMode;
  /** The zone days, weeks (Monday first) and months are cut in. */
  timeZone: string;
  filters: Filters;
  /** Count only the moments this accepts (besides [from, to)): see rollup/rollup-report.ts. */
  accept?: (at: number) => boolean;
}

export interface ReportRow {
  key: Partial<Record<GroupBy, string>>;
  metrics: Record<string, number | null>;
}

const NONE = 'none';

export function dimValues(c: CycleFact, d: Dimension): string[] {
  switch (d) {
    case 'channel':
      return [c.channelId];
    case 'kind':
      return [c.kind];
    case 'agent':
      return [c.agentId ?? NONE];
    case 'team':
      return [c.teamId ?? NONE];
    case 'tag':
      return c.tags.length ? c.tags : [NONE];
  }
}

export function matches(c: CycleFact, f: Filters): boolean {
  if (f.channel && c.channelId !== f.channel) return false;
  if (f.kind && c.kind !== f.kind) return false;
  if (f.team && (c.teamId ?? NONE) !== f.team) return false;
  if (f.agent && (c.agentId ?? NONE) !== f.agent) return false;
  if (f.tag && !c.tags.includes(f.tag)) return false;
  return true;
}

export function periodKey(ms: number, p: Period, timeZone: string): string {
  return keyOfDate(localParts(ms, timeZone), p);
}

function keyOfDate(d: LocalDate, p: Period): string {
  if (p === 'month') return dateKey(d).slice(0, 7);
  if (p === 'day') return dateKey(d);
  return dateKey(addDays(d, -isoWeekday(d)));
}

/**
 * periodKey for many instants in [from, to): the zone's local midnights in the range are worked
 * out once (one Intl call per day instead of one per instant — the cost of a year-long report),
 * then each instant finds its day by binary search. Same keys as periodKey, DST included.
 */
export function periodKeyer(p: Period, timeZone: string, from: number, to: number): (ms: number) => string {
  const starts: number[] = [];
  const keys: string[] = [];
  for (let d: LocalDate = localParts(from, timeZone); ; d = addDays(d, 1)) {
    const start = zonedToUtc(d, 0, timeZone);
    if (start >= to) break;
    starts.push(start);
    keys.push(keyOfDate(d, p));
  }
  return (ms) => {
    if (ms < starts[0] || ms >= to) return periodKey(ms, p, timeZone);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= ms) lo = mid;
      else hi = mid - 1;
    }
    return keys[lo];
  };
}

/** Every combination of a cycle's dimension values (a cycle with two tags counts under both). */
function combos(c: CycleFact, dims: Dimension[]): Array<Partial<Record<GroupBy, string>>> {
  let out: Array<Partial<Record<GroupBy, string>>> = [{}];
  for (const d of dims) out = out.flatMap((k) => dimValues(c, d).map((v) => ({ ...k, [d]: v })));
  return out;
}

export interface Grouped {
  groups: Map<string, { key: Partial<Record<GroupBy, string>>; summary: Summary }>;
  total: Summary;
}

export const groupId = (by: GroupBy[], key: Partial<Record<GroupBy, string>>) => JSON.stringify(by.map((b) => key[b]));

/**
 * Sums the facts' moments that fall in [from, to) into one summary per group (and the total).
 * `into` lets a caller add to groups it already holds (the rollups' stored hours).
 */
export function group(facts: CycleFact[], spec: AggregateSpec, into?: Grouped): Grouped {
  const dims = spec.by.filter((b): b is Dimension => (DIMENSIONS as readonly string[]).includes(b));
  const period = spec.by.find((b): b is Period => (PERIODS as readonly string[]).includes(b));
  const keyOf = period ? periodKeyer(period, spec.timeZone, spec.from, spec.to) : null;
  const out: Grouped = into ?? { groups: new Map(), total: emptySummary() };
  for (const c of facts) {
    if (!matches(c, spec.filters)) continue;
    const keys = dims.length ? combos(c, dims) : [{}];
    for (const m of momentsOf(c)) {
      if (m.at < spec.from || m.at >= spec.to || (spec.accept && !spec.accept(m.at))) continue;
      for (const k of keys) {
        const key = keyOf ? { ...k, [period!]: keyOf(m.at) } : k;
        const id = groupId(spec.by, key);
        let g = out.groups.get(id);
        if (!g) out.groups.set(id, (g = { key, summary: emptySummary() }));
        m.apply(g.summary, 1);
      }
      m.apply(out.total, 1);
    }
  }
  return out;
}

/** Report rows from group summaries, sorted by key; every metric judged at `now`. */
export function present(g: Grouped, time: TimeMode, now: number): { rows: ReportRow[]; total: ReportRow } {
  const row = (key: ReportRow['key'], s: Summary): ReportRow => ({ key, metrics: Object.fromEntries(METRICS.map((m) => [m.key, m.value(s, time, now)])) });
  const rows = [...g.groups.entries()]
    .filter(([, x]) => !isEmpty(x.summary))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => row(x.key, x.summary));
  return { rows, total: row({}, g.total) };
}

/** A group left with nothing (its moments were all taken away again) is no row at all. */
const isEmpty = (s: Summary) => s.cycles === 0 && s.inbound === 0 && s.nextCal.length === 0;

export function aggregate(facts: CycleFact[], spec: AggregateSpec, now = Date.now()): { rows: ReportRow[]; total: ReportRow } {
  return present(group(facts, spec), spec.time, now);
}
