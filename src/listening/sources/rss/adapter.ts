import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { failure, getUrl, htmlToText } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const rssSettings = z.object({ url: z.url({ protocol: /^https?$/ }) });
type Settings = z.infer<typeof rssSettings>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
  processEntities: true,
  htmlEntities: true,
});

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && '#text' in (v as object)) return String((v as Record<string, unknown>)['#text']);
  return '';
};

/**
 * Google Alerts (and some news alerts) wrap each link as https://www.google.com/url?…&url=REAL;
 * the post's address is the real one, so site: and url: look at the publisher.
 */
export function unwrapLink(href: string): string {
  try {
    const u = new URL(href);
    if (/(^|\.)google\.[a-z.]+$/.test(u.hostname) && u.pathname === '/url') return u.searchParams.get('url') ?? u.searchParams.get('q') ?? href;
  } catch {
    /* not a URL: keep it */
  }
  return href;
}

/** RSS 2.0 items and Atom entries → posts. Titles and HTML bodies become one plain text. */
export function parseFeed(xml: string, now: number): SourcePost[] {
  const doc = parser.parse(xml);
  const out: SourcePost[] = [];
  if (doc?.rss?.channel) {
    for (const it of doc.rss.channel.item ?? []) {
      const link = unwrapLink(text(it.link?.[0]));
      const id = text(it.guid) || link || text(it.title);
      if (!id) continue;
      const body = htmlToText(text(it['content:encoded']) || text(it.description));
      const title = htmlToText(text(it.title));
      const when = Date.parse(text(it.pubDate) || text(it['dc:date']));
      out.push({
        itemId: id,
        author: text(it['dc:creator']) || text(it.author) || undefined,
        url: link || undefined,
        text: [title, body].filter(Boolean).join('\n'),
        postedAt: Number.isNaN(when) ? now : when,
        extra: { feed: text(doc.rss.channel.title) },
      });
    }
  } else if (doc?.feed) {
    const feedTitle = htmlToText(text(doc.feed.title));
    for (const e of doc.feed.entry ?? []) {
      const links: Array<Record<string, string>> = e.link ?? [];
      const alt = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
      const link = alt ? unwrapLink(alt['@href'] ?? '') : '';
      const id = text(e.id) || link;
      if (!id) continue;
      const when = Date.parse(text(e.published) || text(e.updated));
      const author = e.author ? text(Array.isArray(e.author) ? e.author[0]?.name : e.author.name) : '';
      const title = htmlToText(text(e.title));
      const body = htmlToText(text(e.content) || text(e.summary));
      out.push({
        itemId: id,
        author: author || undefined,
        url: link || undefined,
        text: [title, body].filter(Boolean).join('\n'),
        postedAt: Number.isNaN(when) ? now : when,
        extra: { feed: feedTitle },
      });
    }
  } else throw new Error('not an RSS 2.0 or Atom feed');
  return out;
}

/**
 * RSS/Atom feeds: news, blogs, and the alerts services that deliver by feed (Google Alerts).
 * Conditional GET with the ETag / Last-Modified the server gave last time (a 304 costs nothing);
 * a feed has no "since" parameter, so the items already stored are dropped by dedupe.
 */
export const rssAdapter: SourceAdapter<Settings> = {
  kind: 'rss',
  settings: rssSettings,
  secrets: [],
  defaultIntervalS: 900,
  storeUnmatched: true,
  minIntervalS: 60,
  async fetch({ settings, cursor, now, timeoutMs, outbound }) {
    const headers: Record<string, string> = { accept: 'application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5' };
    if (cursor?.etag) headers['if-none-match'] = cursor.etag;
    if (cursor?.lastModified) headers['if-modified-since'] = cursor.lastModified;
    const res = await getUrl(settings.url, { headers, timeoutMs, outbound });
    if (res.status === 304) return { ok: true, posts: [], cursor };
    if (!res.ok) return failure(res, now, 'the feed');
    let posts: SourcePost[];
    try {
      posts = parseFeed(await res.text(), now);
    } catch (e) {
      return { ok: false, error: `the feed could not be read: ${(e as Error).message}`, permanent: true };
    }
    return { ok: true, posts, cursor: { etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined } };
  },
};
