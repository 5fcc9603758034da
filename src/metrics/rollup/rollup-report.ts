import type { App } from '../../app.js';
import { DIMENSIONS, PERIODS, group, groupId, periodKeyer, type AggregateSpec, type Dimension, type GroupBy, type Grouped, type Period } from '../aggregate.js';
import { emptySummary, mergeInto, type Summary } from '../summary.js';
import { DAY_MS, HOUR_MS, readBuckets, type BucketDim } from './buckets.js';
import { rowToFact } from './fact-rows.js';
import { cycleRowsIn, staleFacts, staleIds } from './load-rollup-facts.js';
import { parseHours, withoutBiz } from './summary-json.js';
import { rollupDb, type MetricCycleTable } from './tables.js';

const ATTEMPTS = 3;

/**
 * A report's groups from the stored hours (buckets.ts): every whole UTC hour inside the period
 * that one period key covers comes from its stored summary; the period's ragged ends and hours a
 * local midnight cuts (zones off by :30 or :45) come from the cycles stored for them; and
 * conversations changed since their last projection are taken out (their previous rows) and put
 * back from scratch. Exactly what grouping every cycle would give (rollup.test.ts holds it to
 * that), at the cost of the hours rather than of the cycles.
 *
 * Answers null when the stored hours cannot serve the report — two dimensions at once (in the
 * grouping or its filters): the caller then groups the cycles themselves.
 */
export async function rollupGrouped(app: App, workspaceId: string, spec: AggregateSpec): Promise<Grouped | null> {
  const dims = spec.by.filter((b): b is Dimension => (DIMENSIONS as readonly string[]).includes(b));
  const period = spec.by.find((b): b is Period => (PERIODS as readonly string[]).includes(b));
  const filtered = (Object.keys(spec.filters) as Dimension[]).filter((k) => spec.filters[k] !== undefined && spec.filters[k] !== '');
  const used = new Set<Dimension>([...dims, ...filtered]);
  if (used.size > 1) return null;
  const filterDim = filtered[0];
  const filterValue = filterDim ? spec.filters[filterDim] : undefined;

  // A projection between our reads would mix generations: read again (rarely needed).
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await version(app, workspaceId);
    const g = await assemble(app, workspaceId, spec, dims[0], period, filterDim, filterValue);
    if ((await version(app, workspaceId)) === before) return g;
  }
  return null;
}

async function version(app: App, workspaceId: string): Promise<number> {
  const r = await rollupDb(app.store.db).selectFrom('metric_versions').select('version').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(r?.version ?? 0);
}

async function assemble(app: App, workspaceId: string, spec: AggregateSpec, dim: Dimension | undefined, period: Period | undefined, filterDim: Dimension | undefined, filterValue: string | undefined): Promise<Grouped> {
  const db = app.store.db;
  const keyOf = period ? periodKeyer(period, spec.timeZone, spec.from, spec.to) : null;
  // Whole hours inside [from, to) that one period key covers come from the stored hours.
  const first = Math.ceil(spec.from / HOUR_MS) * HOUR_MS;
  const end = Math.floor(spec.to / HOUR_MS) * HOUR_MS;
  const cut = new Set<number>();
  if (keyOf) for (let h = first; h < end; h += HOUR_MS) if (keyOf(h) !== keyOf(h + HOUR_MS - 1)) cut.add(h);
  const stored = (at: number) => {
    const h = Math.floor(at / HOUR_MS) * HOUR_MS;
    return h >= first && h < end && !cut.has(h);
  };
  // …the rest (the ends, cut hours) from the cycles.
  const windows: Array<[number, number]> = [];
  const addWindow = (a: number, b: number) => {
    if (a >= b) return;
    const last = windows.at(-1);
    if (last && last[1] === a) last[1] = b;
    else windows.push([a, b]);
  };
  if (first >= end) addWindow(spec.from, spec.to);
  else {
    addWindow(spec.from, first);
    for (const h of [...cut].sort((a, b) => a - b)) addWindow(h, h + HOUR_MS);
    addWindow(end, spec.to);
  }

  const out: Grouped = { groups: new Map(), total: emptySummary() };
  // A calendar-time report reads no business-time durations (nor takes any away below).
  const biz = spec.time === 'business';
  const rowsDim: BucketDim = dim ?? filterDim ?? 'all';
  const totalDim: BucketDim = filterDim ?? 'all';
  const fromDay = Math.floor(first / DAY_MS);
  const toDay = Math.floor((end - 1) / DAY_MS);
  const addBuckets = async (bdim: BucketDim, toRows: boolean, toTotal: boolean) => {
    if (first >= end) return;
    for (const b of await readBuckets(db, workspaceId, bdim, fromDay, toDay, bdim === filterDim ? filterValue : bdim === 'all' ? '' : undefined, biz)) {
      for (const [hour, s] of parseHours(b.data, biz ? (b as { data_biz?: string }).data_biz : undefined)) {
        const at = b.day * DAY_MS + hour * HOUR_MS;
        if (!stored(at)) continue;
        if (toRows) {
          const key: Partial<Record<GroupBy, string>> = {};
          if (dim) key[dim] = b.value;
          if (period) key[period] = keyOf!(at);
          const id = groupId(spec.by, key);
          let gr = out.groups.get(id);
          if (!gr) out.groups.set(id, (gr = { key, summary: emptySummary() }));
          mergeInto(gr.summary, s, 1);
        }
        if (toTotal) mergeInto(out.total, s, 1);
      }
    }
  };
  // Every cycle has exactly one channel, kind, agent and team (tags: any number): grouped by one
  // of those, the total is the sum of the rows, and the stored total need not be read again.
  const partition = rowsDim !== totalDim && totalDim === 'all' && rowsDim !== 'tag';
  await addBuckets(rowsDim, true, rowsDim === totalDim);
  if (rowsDim !== totalDim && !partition) await addBuckets(totalDim, false, true);

  // Conversations changed since their projection: out with what their previous rows gave the
  // stored hours, in with their facts computed now (over the whole period).
  const stale = await staleIds(app, workspaceId);
  const isStale = (r: MetricCycleTable) => stale.has(r.conversation_id);
  if (stale.size) {
    const previous: MetricCycleTable[] = [];
    const ids = [...stale];
    for (let i = 0; i < ids.length; i += 500) previous.push(...(await rollupDb(db).selectFrom('metric_cycles').selectAll().where('conversation_id', 'in', ids.slice(i, i + 500)).execute()));
    const taken = group(previous.map(rowToFact), { ...spec, accept: stored });
    const share = (x: Summary) => (biz ? x : withoutBiz(x));
    for (const [id, x] of taken.groups) {
      const gr = out.groups.get(id);
      if (!gr) throw new Error('metric rollups: a stored hour lacks what a stale conversation gave it');
      mergeInto(gr.summary, share(x.summary), -1);
    }
    // (With a partition the total is summed from the rows at the end instead.)
    if (!partition) mergeInto(out.total, share(taken.total), -1);
    group(await staleFacts(db, { workspaceId, from: spec.from, to: spec.to, filters: spec.filters }, ids), spec, out);
  }
  for (const [a, b] of windows) {
    const rows = (await cycleRowsIn(app, { workspaceId, from: a, to: b, filters: spec.filters })).filter((r) => !isStale(r));
    group(rows.map(rowToFact), { ...spec, from: a, to: b }, out);
  }
  if (partition) {
    out.total = emptySummary();
    for (const g of out.groups.values()) mergeInto(out.total, g.summary, 1);
  }
  // Groups whose every moment was taken away again are no rows (present() drops them).
  return out;
}
