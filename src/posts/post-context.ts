import type { PostSnapshot } from '../channels/contract/post.js';
import type { PostContextTable } from '../store/schema.js';

/** Conversation kinds that live under a public item and so show it as context. */
export const KINDS_WITH_POST = new Set(['comment', 'mention', 'review']);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API's shape (camelCase, ISO times). Text is the network's, returned as plain text. */
export function presentPostContext(r: PostContextTable) {
  return {
    itemId: r.item_id,
    status: r.status,
    source: r.source,
    text: r.text,
    authorName: r.author_name,
    authorHandle: r.author_handle,
    permalink: r.permalink,
    postedAt: iso(r.posted_at),
    mediaUrl: r.media_url,
    error: r.error,
  };
}
export type PostContext = ReturnType<typeof presentPostContext>;

/** Only http(s) URLs are kept: a javascript: or data: link from a payload never reaches a client. */
export function httpUrl(u: unknown): string | null {
  if (typeof u !== 'string' || u.length > 4000) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function snapshotColumns(s: PostSnapshot) {
  return {
    text: s.text === null ? null : s.text.slice(0, 20_000),
    author_name: s.authorName?.slice(0, 256) ?? null,
    author_handle: s.authorHandle?.slice(0, 256) ?? null,
    permalink: httpUrl(s.permalink),
    posted_at: typeof s.postedAt === 'number' && Number.isFinite(s.postedAt) ? s.postedAt : null,
    media_url: httpUrl(s.mediaUrl),
  };
}
