import { emptySummary, type Summary } from '../summary.js';

/** A summary as compact JSON (short keys, empty parts left out): thousands sit in one bucket row. */
type Packed = Partial<Record<'c' | 'n' | 'a' | 'r' | 'o' | 'i' | 'sm' | 'sb', number>> &
  Partial<Record<'fc' | 'fb' | 'rc' | 'rb' | 'xc' | 'xb' | 'cs' | 'np' | 'ce', number[]>> & { s?: number[]; sp?: Array<[number, number]> };

const COUNTS = [
  ['c', 'cycles'],
  ['n', 'newConversations'],
  ['a', 'answered'],
  ['r', 'resolved'],
  ['o', 'reopened'],
  ['i', 'inbound'],
  ['sm', 'slaMet'],
  ['sb', 'slaBreached'],
] as const;
const LISTS = [
  ['fc', 'frCal'],
  ['rc', 'resCal'],
  ['xc', 'nextCal'],
  ['cs', 'csat'],
  ['np', 'nps'],
  ['ce', 'ces'],
] as const;
/** Business-time durations, stored in their own column (only business-time reports read them). */
const BIZ_LISTS = [
  ['fb', 'frBiz'],
  ['rb', 'resBiz'],
  ['xb', 'nextBiz'],
] as const;

export function pack(s: Summary): Packed {
  const p: Packed = {};
  for (const [k, f] of COUNTS) if (s[f]) p[k] = s[f];
  for (const [k, f] of LISTS) if (s[f].length) p[k] = s[f];
  if (s.sentiment.some((x) => x)) p.s = s.sentiment;
  if (s.slaPending.length) p.sp = s.slaPending;
  return p;
}

export function unpack(p: Packed): Summary {
  const s = emptySummary();
  for (const [k, f] of COUNTS) if (p[k]) s[f] = p[k]!;
  for (const [k, f] of LISTS) if (p[k]) s[f] = p[k]!;
  if (p.s) s.sentiment = p.s as Summary['sentiment'];
  if (p.sp) s.slaPending = p.sp;
  return s;
}

/** Nothing left in it: the hour (or the whole bucket row) can go. */
export const isBlank = (s: Summary) => s.cycles === 0 && s.inbound === 0 && s.nextCal.length === 0;

export type HourMap = Map<number, Summary>;

/**
 * A bucket row's hours. Without `dataBiz` the business-time lists stay empty: enough for a
 * calendar-time report, which reads none of them (see rollup-report.ts).
 */
export function parseHours(data: string, dataBiz?: string): HourMap {
  const out: HourMap = new Map();
  for (const [h, p] of Object.entries(JSON.parse(data) as Record<string, Packed>)) out.set(Number(h), unpack(p));
  if (dataBiz) {
    for (const [h, p] of Object.entries(JSON.parse(dataBiz) as Record<string, Packed>)) {
      const s = out.get(Number(h));
      if (s) for (const [k, f] of BIZ_LISTS) if (p[k]) s[f] = p[k]!;
    }
  }
  return out;
}

/** The row's two columns: everything but the business-time lists, and those. */
export function stringifyHours(hours: HourMap): { data: string; dataBiz: string } {
  const o: Record<string, Packed> = {};
  const b: Record<string, Packed> = {};
  for (const [h, s] of [...hours].sort((x, y) => x[0] - y[0])) {
    if (isBlank(s)) continue;
    o[h] = pack(s);
    const biz: Packed = {};
    for (const [k, f] of BIZ_LISTS) if (s[f].length) biz[k] = s[f];
    if (Object.keys(biz).length) b[h] = biz;
  }
  return { data: JSON.stringify(o), dataBiz: JSON.stringify(b) };
}

/** A summary without its business-time lists (what a calendar-time report holds of stored hours). */
export function withoutBiz(s: Summary): Summary {
  return { ...s, frBiz: [], resBiz: [], nextBiz: [] };
}
