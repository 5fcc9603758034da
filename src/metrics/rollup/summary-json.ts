import { emptySummary, type Summary } from '../summary.js';

/** A summary as compact JSON (short keys, empty parts left out): thousands sit in one bucket row. */
type Packed = Partial<Record<'c' | 'n' | 'a' | 'r' | 'o' | 'i' | 'sm' | 'sb', number>> &
  Partial<Record<'fc' | 'fb' | 'rc' | 'rb' | 'xc' | 'xb' | 'cs' | 'np' | 'ce', number[]>> & { s?: number[]; sp?: Array<[number, number]> };

const COUNTS = [['c', 'cycles'], ['n', 'newConversations'], ['a', 'answered'], ['r', 'resolved'], ['o', 'reopened'], ['i', 'inbound'], ['sm', 'slaMet'], ['sb', 'slaBreached']] as const;
const LISTS = [['fc', 'frCal'], ['fb', 'frBiz'], ['rc', 'resCal'], ['rb', 'resBiz'], ['xc', 'nextCal'], ['xb', 'nextBiz'], ['cs', 'csat'], ['np', 'nps'], ['ce', 'ces']] as const;

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

export function parseHours(data: string): HourMap {
  const out: HourMap = new Map();
  for (const [h, p] of Object.entries(JSON.parse(data) as Record<string, Packed>)) out.set(Number(h), unpack(p));
  return out;
}

export function stringifyHours(hours: HourMap): string {
  const o: Record<string, Packed> = {};
  for (const [h, s] of [...hours].sort((a, b) => a[0] - b[0])) if (!isBlank(s)) o[h] = pack(s);
  return JSON.stringify(o);
}
