import { z } from 'zod';
import { failure, getUrl, windowExhausted, idGreater } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const xSearchSettings = z.object({
  /** An X search query (X's own operators: from:, lang:, -is:retweet…), at most 512 characters. */
  query: z.string().trim().min(1).max(512),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.x.com'),
});
type Settings = z.infer<typeof xSearchSettings>;

const PAGE = 100;
const MAX_PAGES = 5;

/** A recent-search answer (data + includes.users) → posts. */
export function parseSearch(body: any): SourcePost[] {
  const users = new Map<string, { username: string; name?: string }>((body?.includes?.users ?? []).map((u: any) => [u.id, u]));
  return (body?.data ?? []).map((t: any) => {
    const u = users.get(t.author_id);
    return {
      itemId: t.id,
      author: u?.username ?? t.author_id,
      authorName: u?.name,
      url: u ? `https://x.com/${u.username}/status/${t.id}` : `https://x.com/i/web/status/${t.id}`,
      text: t.note_tweet?.text ?? t.text,
      lang: t.lang && t.lang !== 'und' && t.lang !== 'qme' ? t.lang : undefined,
      postedAt: t.created_at ? Date.parse(t.created_at) : 0,
      extra: { conversationId: t.conversation_id, authorId: t.author_id },
    } satisfies SourcePost;
  });
}

/**
 * X recent search (GET /2/tweets/search/recent, app-only bearer token). since_id returns only
 * newer posts, paged by next_token; the cursor is meta.newest_id. A 429 carries
 * x-rate-limit-reset (epoch seconds): the source waits until then.
 */
export const xSearchAdapter: SourceAdapter<Settings> = {
  kind: 'x',
  settings: xSearchSettings,
  secrets: ['bearerToken'],
  defaultIntervalS: 300,
  storeUnmatched: true,
  minIntervalS: 60,
  async fetch({ settings, secrets, cursor, now, timeoutMs, outbound }) {
    if (!secrets.bearerToken) return { ok: false, error: 'the source has no X bearer token', permanent: true };
    const since: string | undefined = typeof cursor?.sinceId === 'string' ? cursor.sinceId : undefined;
    const posts: SourcePost[] = [];
    let newest = since;
    let token: string | undefined;
    let partial: { error: string; retryAfterMs?: number } | undefined;
    let exhausted: number | undefined;
    for (let page = 0; page < (since ? MAX_PAGES : 1); page++) {
      const u = new URL('/2/tweets/search/recent', settings.baseUrl);
      u.searchParams.set('query', settings.query);
      u.searchParams.set('max_results', String(PAGE));
      u.searchParams.set('tweet.fields', 'created_at,lang,author_id,conversation_id,note_tweet');
      u.searchParams.set('expansions', 'author_id');
      u.searchParams.set('user.fields', 'username,name');
      if (since) u.searchParams.set('since_id', since);
      if (token) u.searchParams.set('next_token', token);
      const res = await getUrl(u.toString(), { headers: { authorization: `Bearer ${secrets.bearerToken}` }, timeoutMs, outbound });
      if (res.ok) exhausted = windowExhausted(res, now);
      if (!res.ok) {
        const f = await failure(res, now, 'X', { networkText: true });
        // Pages are newest first: after a limit part-way, keep what was read but not the cursor.
        if (posts.length && f.retryAfterMs) partial = f;
        if (partial) break;
        return f;
      }
      const body: any = await res.json();
      posts.push(...parseSearch(body));
      const n = body?.meta?.newest_id;
      if (typeof n === 'string' && idGreater(n, newest)) newest = n;
      token = body?.meta?.next_token;
      if (!token) break;
    }
    if (partial) return { ok: true, posts, cursor: since ? { sinceId: since } : { sinceId: newest }, retryAfterMs: partial.retryAfterMs, error: partial.error };
    // The window is used up: the cursor moves (everything was read), the next call waits for the reset.
    return { ok: true, posts, cursor: { sinceId: newest }, retryAfterMs: exhausted };
  },
};
