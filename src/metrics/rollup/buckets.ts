import type { Kysely } from 'kysely';
import type { Dialect } from '../../store/db.js';
import type { DB } from '../../store/schema.js';
import { DIMENSIONS, dimValues, type Dimension } from '../aggregate.js';
import type { CycleFact } from '../cycles.js';
import { emptySummary, mergeInto, momentsOf, type Summary } from '../summary.js';
import { isBlank, parseHours, stringifyHours, type HourMap } from './summary-json.js';

/**
 * The stored per-hour summaries (metric_buckets): for every UTC day, dimension value and UTC
 * hour, what the moments of the cycles falling in that hour add to a report. A report over whole
 * hours adds them up instead of reading every cycle (rollup/rollup-report.ts); an hour is the
 * unit because local midnights fall on whole UTC hours in all but a few zones (those, and the
 * ends of a period, are read from the cycles).
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/**
 * "all", a dimension, or a channel's pair with another dimension ("ch=<channel id>/agent"): the
 * dashboard filtered to one channel groups by agent, team, kind or tag within it.
 */
export type BucketDim = string;
export const PAIRED: readonly Dimension[] = ['kind', 'agent', 'team', 'tag'];
export const pairDim = (channelId: string, d: Dimension) => `ch=${channelId}/${d}`;

export interface BucketDelta {
  dim: BucketDim;
  day: number;
  value: string;
  /** What to take away (the conversation's previous rows) and then add (its new facts), per hour. */
  remove: HourMap;
  add: HourMap;
}

/** Adds the moments of `facts` to the deltas, on the `remove` or the `add` side. */
export function collectDeltas(deltas: Map<string, BucketDelta>, facts: CycleFact[], side: 'remove' | 'add'): void {
  for (const c of facts) {
    const keys: Array<[BucketDim, string]> = [['all', '']];
    for (const d of DIMENSIONS) for (const v of dimValues(c, d)) keys.push([d, v]);
    for (const d of PAIRED) for (const v of dimValues(c, d)) keys.push([pairDim(c.channelId, d), v]);
    for (const m of momentsOf(c)) {
      const day = Math.floor(m.at / DAY_MS);
      const hour = Math.floor((m.at - day * DAY_MS) / HOUR_MS);
      for (const [dim, value] of keys) {
        const id = `${dim}\u0000${day}\u0000${value}`;
        let d = deltas.get(id);
        if (!d) deltas.set(id, (d = { dim, day, value, remove: new Map(), add: new Map() }));
        let s = d[side].get(hour);
        if (!s) d[side].set(hour, (s = emptySummary()));
        m.apply(s, 1);
      }
    }
  }
}

/** Applies the deltas to the stored rows (inside the projector's transaction). */
export async function writeDeltas(db: Kysely<DB>, workspaceId: string, deltas: Map<string, BucketDelta>, dialect: Dialect): Promise<void> {
  const byDim = new Map<BucketDim, BucketDelta[]>();
  for (const d of deltas.values()) {
    let list = byDim.get(d.dim);
    if (!list) byDim.set(d.dim, (list = []));
    list.push(d);
  }
  for (const [dim, list] of byDim) {
    const days = [...new Set(list.map((d) => d.day))];
    const values = [...new Set(list.map((d) => d.value))];
    const stored = new Map<string, { data: string; dataBiz: string }>();
    for (let i = 0; i < values.length; i += 500) {
      let q = db
        .selectFrom('metric_buckets')
        .select(['day', 'value', 'data', 'data_biz'])
        .where('workspace_id', '=', workspaceId)
        .where('dim', '=', dim)
        .where('day', 'in', days)
        .where('value', 'in', values.slice(i, i + 500))
        .orderBy('day')
        .orderBy('value');
      // PostgreSQL: projectors in other processes update the same rows (today's "all", say).
      q = dialect.lockRows(q);
      const rows = await q.execute();
      for (const r of rows) stored.set(`${r.day}\u0000${r.value}`, { data: r.data, dataBiz: r.data_biz });
    }
    for (const d of list) {
      const data = stored.get(`${d.day}\u0000${d.value}`);
      const hours = data ? parseHours(data.data, data.dataBiz) : new Map<number, Summary>();
      for (const [h, s] of d.remove) {
        const cur = hours.get(h);
        if (!cur) throw new Error(`metric rollups: hour ${h} of ${dim}/${d.value}/${d.day} is missing what it should hold`);
        mergeInto(cur, s, -1);
      }
      for (const [h, s] of d.add) {
        let cur = hours.get(h);
        if (!cur) hours.set(h, (cur = emptySummary()));
        mergeInto(cur, s, 1);
      }
      const empty = [...hours.values()].every(isBlank);
      if (empty) {
        if (data)
          await db
            .deleteFrom('metric_buckets')
            .where('workspace_id', '=', workspaceId)
            .where('dim', '=', dim)
            .where('day', '=', d.day)
            .where('value', '=', d.value)
            .execute();
        continue;
      }
      const next = stringifyHours(hours);
      if (data)
        await db
          .updateTable('metric_buckets')
          .set({ data: next.data, data_biz: next.dataBiz })
          .where('workspace_id', '=', workspaceId)
          .where('dim', '=', dim)
          .where('day', '=', d.day)
          .where('value', '=', d.value)
          .execute();
      else
        await db
          .insertInto('metric_buckets')
          .values({ workspace_id: workspaceId, dim, day: d.day, value: d.value, data: next.data, data_biz: next.dataBiz })
          .execute();
    }
  }
}

/** Stored hours of some dimensions (and one value, if given) over the days [fromDay, toDay]; `biz`: with the business-time lists. */
export async function readBuckets(
  db: Kysely<DB>,
  workspaceId: string,
  dims: BucketDim[],
  fromDay: number,
  toDay: number,
  value: string | undefined,
  biz: boolean,
) {
  let q = db
    .selectFrom('metric_buckets')
    .select(biz ? ['dim', 'day', 'value', 'data', 'data_biz'] : ['dim', 'day', 'value', 'data'])
    .where('workspace_id', '=', workspaceId)
    .where('dim', 'in', dims)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay);
  if (value !== undefined) q = q.where('value', '=', value);
  return q.execute();
}
