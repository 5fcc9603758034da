import type { App } from '../../app.js';
import { DIMENSIONS, PERIODS, group, groupId, periodKeyer, type AggregateSpec, type Dimension, type GroupBy, type Grouped, type Period } from '../aggregate.js';
import { emptySummary, mergeInto, type Summary } from '../summary.js';
import { DAY_MS, HOUR_MS, PAIRED, pairDim, readBuckets, type BucketDim } from './buckets.js';
import { rowToFact } from './fact-rows.js';
import { cycleRowsIn, staleFacts, staleIds } from './load-rollup-facts.js';
import { parseHours, withoutBiz } from './summary-json.js';
import type { MetricCycleTable } from '../../store/schema.js';

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
  const plan = await planFor(app, workspaceId, spec);
  if (!plan) return null;
  // A projection between our reads would mix generations: read again (rarely needed).
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await version(app, workspaceId);
    const g = await assemble(app, workspaceId, spec, plan);
    if ((await version(app, workspaceId)) === before) return g;
  }
  return null;
}

/** Where a report's rows and total come from among the stored hours (null: they cannot serve it). */
interface Plan {
  /** Bucket dims holding the rows, and the one value to read (a filter on that very dimension). */
  rows: { dims: BucketDim[]; value?: string };
  /** Where the total comes from: the same rows, other stored hours, or the sum of the rows. */
  total: 'rows' | 'sum' | { dims: BucketDim[]; value?: string };
  /** A bucket's coordinates: which dimension values its summaries belong to. */
  coords: (dim: BucketDim, value: string) => Partial<Record<Dimension, string>>;
}

async function planFor(app: App, workspaceId: string, spec: AggregateSpec): Promise<Plan | null> {
  const dims = spec.by.filter((b): b is Dimension => (DIMENSIONS as readonly string[]).includes(b));
  const filtered = (Object.keys(spec.filters) as Dimension[]).filter((k) => spec.filters[k] !== undefined && spec.filters[k] !== '');
  const used = [...new Set<Dimension>([...dims, ...filtered])];
  const single = (d: BucketDim) => (d === 'all' ? {} : { [d]: undefined as unknown as string });
  if (used.length <= 1) {
    const d = used[0];
    const value = d && filtered.includes(d) ? spec.filters[d] : d ? undefined : '';
    const coords = (dim: BucketDim, v: string) => (dim === 'all' ? {} : { ...single(dim), [dim]: v });
    if (!d) return { rows: { dims: ['all'], value: '' }, total: 'rows', coords };
    if (filtered.includes(d)) return { rows: { dims: [d], value }, total: 'rows', coords };
    // Every cycle has exactly one channel, kind, agent and team (tags: any number): grouped by
    // one of those, the total is the sum of the rows; by tag, the stored total is read.
    return { rows: { dims: [d] }, total: d === 'tag' ? { dims: ['all'], value: '' } : 'sum', coords };
  }
  // Two dimensions, one of them the channel: a channel's pairs ("ch=<id>/agent" …).
  if (used.length !== 2 || !used.includes('channel')) return null;
  const other = used.find((d) => d !== 'channel')!;
  if (!PAIRED.includes(other)) return null;
  const channels = spec.filters.channel
    ? [spec.filters.channel]
    : (await app.store.db.selectFrom('channels').select('id').where('workspace_id', '=', workspaceId).execute()).map((c) => c.id);
  const coords = (dim: BucketDim, v: string): Partial<Record<Dimension, string>> => {
    const m = /^ch=(.*)\/([a-z]+)$/.exec(dim);
    return m ? { channel: m[1], [m[2]]: v } : dim === 'all' ? {} : { [dim]: v };
  };
  const rows = { dims: channels.map((c) => pairDim(c, other)), value: filtered.includes(other) ? spec.filters[other] : undefined };
  // A cycle with several tags sits in several tag pairs: unless one tag is chosen, the total
  // comes from the channel's (or every channel's) stored total.
  const total: Plan['total'] =
    other === 'tag' && !filtered.includes('tag')
      ? spec.filters.channel
        ? { dims: ['channel'], value: spec.filters.channel }
        : { dims: ['all'], value: '' }
      : 'sum';
  return { rows, total, coords };
}

async function version(app: App, workspaceId: string): Promise<number> {
  const r = await app.store.db.selectFrom('metric_versions').select('version').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(r?.version ?? 0);
}

async function assemble(app: App, workspaceId: string, spec: AggregateSpec, plan: Plan): Promise<Grouped> {
  const db = app.store.db;
  const dims = spec.by.filter((b): b is Dimension => (DIMENSIONS as readonly string[]).includes(b));
  const period = spec.by.find((b): b is Period => (PERIODS as readonly string[]).includes(b));
  const filtered = (Object.keys(spec.filters) as Dimension[]).filter((k) => spec.filters[k] !== undefined && spec.filters[k] !== '');
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
  const fromDay = Math.floor(first / DAY_MS);
  const toDay = Math.floor((end - 1) / DAY_MS);
  const addBuckets = async (source: { dims: BucketDim[]; value?: string }, toRows: boolean, toTotal: boolean) => {
    if (first >= end) return;
    for (const b of await readBuckets(db, workspaceId, source.dims, fromDay, toDay, source.value, biz)) {
      const c = plan.coords(b.dim, b.value);
      // Only what the filters keep (a pair read for all its values, say).
      if (filtered.some((f) => f in c && c[f] !== spec.filters[f])) continue;
      for (const [hour, s] of parseHours(b.data, biz ? (b as { data_biz?: string }).data_biz : undefined)) {
        const at = b.day * DAY_MS + hour * HOUR_MS;
        if (!stored(at)) continue;
        if (toRows) {
          const key: Partial<Record<GroupBy, string>> = {};
          for (const d of dims) key[d] = c[d];
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
  const partition = plan.total === 'sum';
  await addBuckets(plan.rows, true, plan.total === 'rows');
  if (typeof plan.total === 'object') await addBuckets(plan.total, false, true);

  // Conversations changed since their projection: out with what their previous rows gave the
  // stored hours, in with their facts computed now (over the whole period).
  const stale = await staleIds(app, workspaceId);
  const isStale = (r: MetricCycleTable) => stale.has(r.conversation_id);
  if (stale.size) {
    const previous: MetricCycleTable[] = [];
    const ids = [...stale];
    for (let i = 0; i < ids.length; i += 500)
      previous.push(
        ...(await db
          .selectFrom('metric_cycles')
          .selectAll()
          .where('conversation_id', 'in', ids.slice(i, i + 500))
          .execute()),
      );
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
