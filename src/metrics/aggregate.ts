import { addDays, dateKey, isoWeekday, localParts } from '../hours/zoned-time.js';
import type { CycleFact } from './cycles.js';
import { METRICS, type RowFacts, type TimeMode } from './definitions.js';

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
}

export interface ReportRow {
  key: Partial<Record<GroupBy, string>>;
  metrics: Record<string, number | null>;
}

const NONE = 'none';

function dimValues(c: CycleFact, d: Dimension): string[] {
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
  const d = localParts(ms, timeZone);
  if (p === 'month') return dateKey(d).slice(0, 7);
  if (p === 'day') return dateKey(d);
  return dateKey(addDays(d, -isoWeekday(d)));
}

/** Every combination of a cycle's dimension values (a cycle with two tags counts under both). */
function combos(c: CycleFact, dims: Dimension[]): Array<Partial<Record<GroupBy, string>>> {
  let out: Array<Partial<Record<GroupBy, string>>> = [{}];
  for (const d of dims) out = out.flatMap((k) => dimValues(c, d).map((v) => ({ ...k, [d]: v })));
  return out;
}

const emptyFacts = (): RowFacts => ({ cycles: [], inbound: 0, newConversations: 0, next: [] });

export function aggregate(facts: CycleFact[], spec: AggregateSpec): { rows: ReportRow[]; total: ReportRow } {
  const dims = spec.by.filter((b): b is Dimension => (DIMENSIONS as readonly string[]).includes(b));
  const period = spec.by.find((b): b is Period => (PERIODS as readonly string[]).includes(b));
  const inRange = (t: number) => t >= spec.from && t < spec.to;
  const groups = new Map<string, { key: Partial<Record<GroupBy, string>>; facts: RowFacts }>();
  const total = emptyFacts();
  const add = (c: CycleFact, at: number, fn: (f: RowFacts) => void) => {
    for (const k of combos(c, dims)) {
      const key = period ? { ...k, [period]: periodKey(at, period, spec.timeZone) } : k;
      const id = JSON.stringify(spec.by.map((b) => key[b]));
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { key, facts: emptyFacts() }));
      fn(g.facts);
    }
    fn(total);
  };

  for (const c of facts) {
    if (!matches(c, spec.filters)) continue;
    if (inRange(c.start)) {
      add(c, c.start, (f) => {
        f.cycles.push(c);
        if (c.index === 0) f.newConversations++;
      });
    }
    for (const t of c.inbound) if (inRange(t)) add(c, t, (f) => f.inbound++);
    for (const n of c.nextResponses) if (inRange(n.start)) add(c, n.start, (f) => f.next.push(n));
  }

  const present = (key: ReportRow['key'], f: RowFacts): ReportRow => ({ key, metrics: Object.fromEntries(METRICS.map((m) => [m.key, m.value(f, spec.time)])) });
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => present(g.key, g.facts));
  return { rows, total: present({}, total) };
}
