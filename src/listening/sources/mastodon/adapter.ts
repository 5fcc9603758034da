import { z } from 'zod';
import { failure, getUrl, windowExhausted, htmlToText, idGreater } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const mastodonSettings = z
  .object({
    /** The server to read from, e.g. https://mastodon.social. */
    instance: z.url({ protocol: /^https?$/ }),
    timeline: z.enum(['public', 'tag']),
    hashtag: z
      .string()
      .trim()
      .regex(/^#?[\p{L}\p{N}_]+$/u, 'letters, digits and _ only')
      .optional(),
    local: z.boolean().optional(),
  })
  .refine((s) => s.timeline !== 'tag' || !!s.hashtag, { message: 'a hashtag timeline needs a hashtag', path: ['hashtag'] });
type Settings = z.infer<typeof mastodonSettings>;

const PAGE = 40;
const MAX_PAGES = 5;

interface Status {
  id: string;
  created_at: string;
  content: string;
  spoiler_text?: string;
  url?: string | null;
  uri: string;
  language?: string | null;
  visibility?: string;
  reblog?: Status | null;
  account: { acct: string; display_name?: string; url?: string };
}

/** Statuses → posts. Boosts are skipped (the original arrives on its own); only public posts. */
export function parseStatuses(list: Status[]): SourcePost[] {
  return list
    .filter((s) => !s.reblog && (s.visibility === undefined || s.visibility === 'public' || s.visibility === 'unlisted'))
    .map((s) => ({
      itemId: s.uri,
      author: s.account.acct,
      authorName: s.account.display_name || undefined,
      url: s.url ?? s.uri,
      text: [s.spoiler_text, htmlToText(s.content)].filter(Boolean).join('\n'),
      lang: s.language ?? undefined,
      postedAt: Date.parse(s.created_at),
      extra: { statusId: s.id },
    }));
}

/** The rel="next" address of a Link header (RFC 8288), as Mastodon pages its timelines. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Mastodon public or hashtag timeline. since_id returns only newer statuses, newest first; when
 * there are more than a page of them the Link header's rel="next" pages back (max_id) until the
 * stored id. The cursor is the newest status id (ids are per-server, so it belongs to this
 * instance). A first poll reads one page.
 */
export const mastodonAdapter: SourceAdapter<Settings> = {
  kind: 'mastodon',
  settings: mastodonSettings,
  secrets: [],
  defaultIntervalS: 120,
  storeUnmatched: true,
  minIntervalS: 30,
  async fetch({ settings, cursor, now, timeoutMs, outbound }) {
    const since: string | undefined = typeof cursor?.sinceId === 'string' ? cursor.sinceId : undefined;
    const tag = settings.hashtag?.replace(/^#/, '');
    const u = new URL(settings.timeline === 'tag' ? `/api/v1/timelines/tag/${encodeURIComponent(tag!)}` : '/api/v1/timelines/public', settings.instance);
    u.searchParams.set('limit', String(PAGE));
    if (settings.local) u.searchParams.set('local', 'true');
    if (since) u.searchParams.set('since_id', since);
    const statuses: Status[] = [];
    let url: string | undefined = u.toString();
    let partial: { error: string; retryAfterMs?: number } | undefined;
    let exhausted: number | undefined;
    for (let page = 0; url && page < (since ? MAX_PAGES : 1); page++) {
      const res = await getUrl(url, { timeoutMs, outbound });
      if (res.ok) exhausted = windowExhausted(res, now);
      if (!res.ok) {
        const f = await failure(res, now, 'Mastodon');
        if (statuses.length && f.retryAfterMs) partial = f;
        if (partial) break;
        return f;
      }
      const list = (await res.json()) as Status[];
      const fresh = list.filter((s) => idGreater(s.id, since));
      statuses.push(...fresh);
      if (fresh.length < PAGE || fresh.length < list.length) break;
      url = nextLink(res.headers.get('link'));
    }
    const newest = statuses.reduce<string | undefined>((m, s) => (idGreater(s.id, m) ? s.id : m), since);
    // Pages are newest first: after a limit part-way, keep what was read but not the cursor.
    if (partial) return { ok: true, posts: parseStatuses(statuses), cursor: { sinceId: since }, retryAfterMs: partial.retryAfterMs, error: partial.error };
    return { ok: true, posts: parseStatuses(statuses), cursor: { sinceId: newest }, retryAfterMs: exhausted };
  },
};
