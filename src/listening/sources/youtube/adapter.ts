import { z } from 'zod';
import { failure, getUrl } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const youtubeSettings = z
  .object({
    /** Comments on one video… */
    videoId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{6,20}$/)
      .optional(),
    /** …or on every video of a channel (allThreadsRelatedToChannelId). */
    channelId: z
      .string()
      .regex(/^UC[A-Za-z0-9_-]{10,40}$/)
      .optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://www.googleapis.com'),
  })
  .refine((s) => !!s.videoId !== !!s.channelId, { message: 'give either a videoId or a channelId', path: ['videoId'] });
type Settings = z.infer<typeof youtubeSettings>;

const MAX_PAGES = 5;

/** A commentThreadListResponse → posts (the top-level comment of each thread). */
export function parseThreads(body: any): SourcePost[] {
  return (body?.items ?? [])
    .map((t: any) => {
      const c = t.snippet?.topLevelComment;
      const s = c?.snippet ?? {};
      const videoId = s.videoId ?? t.snippet?.videoId;
      return {
        itemId: c?.id ?? t.id,
        author: s.authorChannelId?.value ?? s.authorDisplayName,
        authorName: s.authorDisplayName,
        url: videoId ? `https://www.youtube.com/watch?v=${videoId}&lc=${c?.id ?? t.id}` : undefined,
        text: s.textOriginal ?? s.textDisplay ?? '',
        postedAt: Date.parse(s.publishedAt ?? s.updatedAt ?? ''),
        extra: { videoId, threadId: t.id, canReply: t.snippet?.canReply },
      } satisfies SourcePost;
    })
    .filter((p: SourcePost) => p.text && !Number.isNaN(p.postedAt));
}

/** YouTube refuses over-quota calls with 403 and reason quotaExceeded/rateLimitExceeded. */
const QUOTA_WAIT_MS = 3600_000;

/**
 * YouTube comment threads (GET /youtube/v3/commentThreads, API key), order=time (newest first),
 * paged by pageToken until a comment at or before the stored time; the cursor is the newest
 * comment's publishedAt. A first poll reads one page.
 */
export const youtubeAdapter: SourceAdapter<Settings> = {
  kind: 'youtube',
  settings: youtubeSettings,
  secrets: ['apiKey'],
  defaultIntervalS: 900,
  storeUnmatched: true,
  minIntervalS: 120,
  async fetch({ settings, secrets, cursor, now, timeoutMs, outbound }) {
    if (!secrets.apiKey) return { ok: false, error: 'the source has no YouTube API key', permanent: true };
    const since: number | undefined = typeof cursor?.newestPublished === 'number' ? cursor.newestPublished : undefined;
    const posts: SourcePost[] = [];
    let pageToken: string | undefined;
    let partial: { error: string; retryAfterMs?: number } | undefined;
    for (let page = 0; page < (since === undefined ? 1 : MAX_PAGES); page++) {
      const u = new URL('/youtube/v3/commentThreads', settings.baseUrl);
      u.searchParams.set('part', 'snippet');
      if (settings.videoId) u.searchParams.set('videoId', settings.videoId);
      else u.searchParams.set('allThreadsRelatedToChannelId', settings.channelId!);
      u.searchParams.set('order', 'time');
      u.searchParams.set('maxResults', '100');
      u.searchParams.set('textFormat', 'plainText');
      u.searchParams.set('key', secrets.apiKey);
      if (pageToken) u.searchParams.set('pageToken', pageToken);
      const res = await getUrl(u.toString(), { timeoutMs, outbound });
      if (!res.ok) {
        let f = await failure(res, now, 'YouTube', { networkText: true });
        if (res.status === 403 && /quotaExceeded|rateLimitExceeded/.test(f.error))
          f = { ...f, retryAfterMs: f.retryAfterMs ?? QUOTA_WAIT_MS, permanent: false };
        if (posts.length && f.retryAfterMs) partial = f;
        if (partial) break;
        return f;
      }
      const body: any = await res.json();
      const all = parseThreads(body);
      const fresh = all.filter((p) => since === undefined || p.postedAt >= since);
      posts.push(...fresh);
      pageToken = body?.nextPageToken;
      if (!pageToken || fresh.length < all.length) break;
    }
    if (partial) return { ok: true, posts, cursor: { newestPublished: since }, retryAfterMs: partial.retryAfterMs, error: partial.error };
    const newest = posts.reduce((m, p) => Math.max(m, p.postedAt), since ?? 0);
    return { ok: true, posts, cursor: { newestPublished: newest || since } };
  },
};
