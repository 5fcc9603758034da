import WebSocket from 'ws';
import { z } from 'zod';
import { USER_AGENT, DEFAULT_BACKOFF_MS } from '../http.js';
import type { SourceAdapter, SourcePost } from '../types.js';

export const blueskySettings = z.object({
  endpoint: z.url({ protocol: /^wss?$/ }).default('wss://jetstream2.us-east.bsky.network/subscribe'),
  /** Only posts by these accounts (DIDs); empty = the whole network (matched by the queries). */
  wantedDids: z
    .array(z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/))
    .max(100)
    .optional(),
  /** How long one poll listens, and at most how many events it takes. */
  listenSeconds: z.number().int().min(1).max(60).default(10),
  maxEvents: z.number().int().min(1).max(50_000).default(5_000),
});
type Settings = z.infer<typeof blueskySettings>;

/** Where resuming starts when there is no cursor yet: Jetstream keeps about a day of events. */
const FIRST_LOOKBACK_US = 60 * 1_000_000;

interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account';
  commit?: {
    operation: 'create' | 'update' | 'delete';
    collection: string;
    rkey: string;
    cid?: string;
    record?: { $type?: string; text?: string; createdAt?: string; langs?: string[] };
  };
}

/** One Jetstream event → a post, for created app.bsky.feed.post records only. */
export function parseEvent(e: JetstreamEvent): SourcePost | undefined {
  const c = e.commit;
  if (e.kind !== 'commit' || !c || c.operation !== 'create' || c.collection !== 'app.bsky.feed.post' || !c.record?.text) return undefined;
  const when = c.record.createdAt ? Date.parse(c.record.createdAt) : NaN;
  return {
    itemId: `at://${e.did}/app.bsky.feed.post/${c.rkey}`,
    author: e.did,
    url: `https://bsky.app/profile/${e.did}/post/${c.rkey}`,
    text: c.record.text,
    lang: c.record.langs?.[0],
    postedAt: Number.isNaN(when) ? Math.floor(e.time_us / 1000) : when,
    extra: { timeUs: e.time_us },
  };
}

/**
 * Bluesky's public firehose through Jetstream (websocket, JSON events). Each poll connects with
 * wantedCollections=app.bsky.feed.post and cursor=<time_us of the last event read>, listens for
 * a few seconds, and stores the last time_us it processed: Jetstream replays from the cursor, so
 * a restart resumes without a gap, and the replayed boundary event is dropped by dedupe.
 */
export const blueskyAdapter: SourceAdapter<Settings> = {
  kind: 'bluesky',
  settings: blueskySettings,
  secrets: [],
  defaultIntervalS: 60,
  storeUnmatched: false,
  minIntervalS: 15,
  fetch({ settings, cursor, now, outbound }) {
    const from: number = typeof cursor?.timeUs === 'number' ? cursor.timeUs : now * 1000 - FIRST_LOOKBACK_US;
    const u = new URL(settings.endpoint);
    u.searchParams.append('wantedCollections', 'app.bsky.feed.post');
    for (const d of settings.wantedDids ?? []) u.searchParams.append('wantedDids', d);
    u.searchParams.set('cursor', String(from));
    // The endpoint is the admin's choice (any Jetstream instance): the outbound rules hold for the
    // websocket too, through the same checked lookup (ws follows no redirects by default).
    let socket: { lookup: unknown };
    try {
      socket = outbound.socketOptions(u);
    } catch (e) {
      return Promise.resolve({ ok: false as const, error: `Jetstream: ${(e as Error).message}`, permanent: true });
    }
    return new Promise((resolve) => {
      const posts: SourcePost[] = [];
      let last = from;
      let events = 0;
      let done = false;
      // ws hands its options to net/tls.connect, which use `lookup` (its typings do not list it).
      const ws = new WebSocket(u.toString(), { headers: { 'user-agent': USER_AGENT }, handshakeTimeout: 10_000, ...(socket as object) });
      const finish = (outcome: Parameters<typeof resolve>[0]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        ws.removeAllListeners('message');
        ws.on('error', () => undefined);
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
        resolve(outcome);
      };
      const timer = setTimeout(() => finish({ ok: true, posts, cursor: { timeUs: last } }), settings.listenSeconds * 1000);
      ws.on('message', (data) => {
        let e: JetstreamEvent;
        try {
          e = JSON.parse(String(data));
        } catch {
          return; // one unreadable frame does not stop the stream
        }
        if (typeof e.time_us === 'number' && e.time_us > last) last = e.time_us;
        const p = parseEvent(e);
        if (p) posts.push(p);
        if (++events >= settings.maxEvents) finish({ ok: true, posts, cursor: { timeUs: last } });
      });
      ws.on('unexpected-response', (_req, res) => {
        const ra = Number(res.headers['retry-after']);
        const status = res.statusCode ?? 0;
        finish({
          ok: false,
          error: `Jetstream refused the connection: ${status}`,
          retryAfterMs: status === 429 ? (Number.isFinite(ra) && ra > 0 ? ra * 1000 : DEFAULT_BACKOFF_MS) : undefined,
          permanent: status >= 400 && status < 500 && status !== 429,
        });
      });
      ws.on('error', (err) => finish(posts.length ? { ok: true, posts, cursor: { timeUs: last } } : { ok: false, error: `Jetstream: ${err.message}` }));
      ws.on('close', () => finish({ ok: true, posts, cursor: { timeUs: last } }));
    });
  },
};
