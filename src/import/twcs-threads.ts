import { parseCsv } from './csv.js';

/**
 * Reads a "Customer Support on Twitter" (TWCS) CSV into threads, by the rules docs/metrics.md
 * ("Importing history") states:
 * - a brand tweet has inbound = False; its author is the brand (one channel per brand);
 * - a thread is every tweet reachable through in_response_to_tweet_id from a root: a tweet that
 *   answers nothing, or answers a tweet not in the file;
 * - a thread belongs to the brand of its first brand tweet (by time, then id); a thread with no
 *   brand tweet belongs to the first brand account @mentioned by its customer tweets; other
 *   brands' tweets in a thread, and threads with no brand at all, are skipped (and counted).
 */

export interface Tweet {
  id: string;
  author: string;
  inbound: boolean;
  at: number;
  text: string;
  parent: string | null;
}

export interface Thread {
  root: string;
  brand: string;
  /** Customer tweets and the owning brand's tweets, by time then id. */
  tweets: Tweet[];
}

export interface ParsedArchive {
  rows: number;
  threads: Thread[];
  skipped: { badRows: Array<{ row: number; reason: string }>; otherBrandTweets: number; threadsWithoutBrand: number };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWITTER_TIME = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** "Tue Oct 31 22:10:47 +0000 2017" → epoch ms. */
export function parseTwitterTime(s: string): number | null {
  const m = TWITTER_TIME.exec(s.trim());
  if (!m || !MONTHS.includes(m[1])) return null;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return Date.UTC(Number(m[9]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) - offset;
}

// Ids are integers, written as floats ("3.0") by some tools.
const tweetId = (s: string) => (/^\d+(\.0+)?$/.test(s.trim()) ? String(BigInt(s.trim().split('.')[0])) : null);

export function readTwcs(csv: string): ParsedArchive {
  const [header, ...body] = parseCsv(csv);
  const col = (name: string) => {
    const i = header?.indexOf(name) ?? -1;
    if (i < 0) throw new Error(`not a TWCS file: no "${name}" column`);
    return i;
  };
  const c = {
    id: col('tweet_id'),
    author: col('author_id'),
    inbound: col('inbound'),
    at: col('created_at'),
    text: col('text'),
    parent: col('in_response_to_tweet_id'),
  };
  const tweets = new Map<string, Tweet>();
  const badRows: ParsedArchive['skipped']['badRows'] = [];
  body.forEach((r, n) => {
    const row = n + 2;
    if (r.length === 1 && r[0] === '') return;
    if (r.length !== header.length) return badRows.push({ row, reason: `${r.length} fields, expected ${header.length}` });
    const id = tweetId(r[c.id]);
    const at = parseTwitterTime(r[c.at]);
    const inbound = r[c.inbound] === 'True' ? true : r[c.inbound] === 'False' ? false : null;
    if (!id || at === null || inbound === null || !r[c.author]) return badRows.push({ row, reason: 'bad tweet_id, author_id, inbound or created_at' });
    tweets.set(id, { id, author: r[c.author], inbound, at, text: r[c.text], parent: r[c.parent] ? tweetId(r[c.parent]) : null });
  });

  const rootOf = new Map<string, string>();
  const findRoot = (t: Tweet): string => {
    const path: string[] = [];
    let cur = t;
    while (!rootOf.has(cur.id) && cur.parent && tweets.has(cur.parent) && !path.includes(cur.id)) {
      path.push(cur.id);
      cur = tweets.get(cur.parent)!;
    }
    const root = rootOf.get(cur.id) ?? cur.id;
    for (const id of [...path, cur.id]) rootOf.set(id, root);
    return root;
  };
  const groups = new Map<string, Tweet[]>();
  for (const t of tweets.values()) {
    const r = findRoot(t);
    const g = groups.get(r);
    if (g) g.push(t);
    else groups.set(r, [t]);
  }

  const brands = new Map<string, string>();
  for (const t of tweets.values()) if (!t.inbound) brands.set(t.author.toLowerCase(), t.author);
  const byTime = (a: Tweet, b: Tweet) => a.at - b.at || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
  const threads: Thread[] = [];
  let otherBrandTweets = 0;
  let threadsWithoutBrand = 0;
  for (const [root, group] of groups) {
    group.sort(byTime);
    let brand = group.find((t) => !t.inbound)?.author;
    if (!brand) {
      const mention = group.flatMap((t) => [...t.text.matchAll(/@(\w{1,15})/g)].map((m) => brands.get(m[1].toLowerCase()))).find(Boolean);
      brand = mention;
    }
    if (!brand) {
      threadsWithoutBrand++;
      continue;
    }
    const kept = group.filter((t) => t.inbound || t.author === brand);
    otherBrandTweets += group.length - kept.length;
    threads.push({ root, brand, tweets: kept });
  }
  return { rows: body.filter((r) => !(r.length === 1 && r[0] === '')).length, threads, skipped: { badRows, otherBrandTweets, threadsWithoutBrand } };
}
