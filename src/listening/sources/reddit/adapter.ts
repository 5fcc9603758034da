import { z } from 'zod';
import { failure, getUrl, windowExhausted } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const redditSettings = z.object({
  query: z.string().trim().min(1).max(512),
  /** Search one subreddit (restrict_sr) instead of all of Reddit. */
  subreddit: z
    .string()
    .regex(/^[A-Za-z0-9_]{2,21}$/)
    .optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://www.reddit.com'),
});
type Settings = z.infer<typeof redditSettings>;

const PAGE = 100;
const MAX_PAGES = 5;

interface Thing {
  kind: string;
  data: {
    id: string;
    name: string;
    title?: string;
    selftext?: string;
    body?: string;
    author?: string;
    permalink?: string;
    created_utc?: number;
    subreddit?: string;
    url?: string;
    link_title?: string;
  };
}

/** A search listing (kind "Listing", children t3 links or t1 comments) → posts. */
export function parseListing(body: any, baseUrl: string): { posts: SourcePost[]; after: string | null } {
  const children: Thing[] = body?.data?.children ?? [];
  const site = new URL(baseUrl).origin;
  const posts = children
    .filter((c) => c.kind === 't3' || c.kind === 't1')
    .map((c) => {
      const d = c.data;
      const text = [d.title ?? d.link_title, d.selftext ?? d.body].filter((s) => s && s.trim()).join('\n');
      return {
        itemId: d.name,
        author: d.author && d.author !== '[deleted]' ? d.author : undefined,
        url: d.permalink ? `${site}${d.permalink}` : d.url,
        text,
        postedAt: Math.round((d.created_utc ?? 0) * 1000),
        extra: { subreddit: d.subreddit },
      };
    })
    .filter((p) => p.text);
  return { posts, after: body?.data?.after ?? null };
}

/**
 * Reddit search (/search.json, sorted by new). The cursor is the newest post's creation time:
 * a poll pages back (after=) until it reaches posts it has seen, at most 5 pages; a first poll
 * reads one page only, so adding a source does not import a year of history.
 */
export const redditAdapter: SourceAdapter<Settings> = {
  kind: 'reddit',
  settings: redditSettings,
  secrets: [],
  defaultIntervalS: 300,
  storeUnmatched: true,
  minIntervalS: 60,
  async fetch({ settings, cursor, now, timeoutMs, outbound }) {
    const since: number | undefined = typeof cursor?.newestCreated === 'number' ? cursor.newestCreated : undefined;
    const path = settings.subreddit ? `/r/${settings.subreddit}/search.json` : '/search.json';
    const posts: SourcePost[] = [];
    let after: string | null = null;
    let partial: { error: string; retryAfterMs?: number } | undefined;
    let exhausted: number | undefined;
    for (let page = 0; page < (since === undefined ? 1 : MAX_PAGES); page++) {
      const u = new URL(path, settings.baseUrl);
      u.searchParams.set('q', settings.query);
      u.searchParams.set('sort', 'new');
      u.searchParams.set('limit', String(PAGE));
      u.searchParams.set('raw_json', '1');
      if (settings.subreddit) u.searchParams.set('restrict_sr', '1');
      if (after) u.searchParams.set('after', after);
      const res = await getUrl(u.toString(), { timeoutMs, outbound });
      if (res.ok) exhausted = windowExhausted(res, now);
      if (!res.ok) {
        const f = await failure(res, now, 'Reddit', { networkText: true });
        // Pages are newest first: after a limit part-way, keep what was read but not the cursor.
        if (posts.length && f.retryAfterMs) partial = f;
        if (partial) break;
        return f;
      }
      const parsed = parseListing(await res.json(), settings.baseUrl);
      const fresh = parsed.posts.filter((p) => since === undefined || p.postedAt >= since);
      posts.push(...fresh);
      after = parsed.after;
      if (!after || fresh.length < parsed.posts.length) break;
    }
    const newest = posts.reduce((m, p) => Math.max(m, p.postedAt), since ?? 0);
    if (partial) return { ok: true, posts, cursor: { newestCreated: since }, retryAfterMs: partial.retryAfterMs, error: partial.error };
    return { ok: true, posts, cursor: { newestCreated: newest || since }, retryAfterMs: exhausted };
  },
};
