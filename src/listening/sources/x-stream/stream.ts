import type { App } from '../../../app.js';
import { withoutNetworkBaseUrl } from '../../../net/settings-guard.js';
import { log } from '../../../lib/log.js';
import { parseJson } from '../../../lib/json.js';
import type { ListeningSourceTable } from '../../../store/schema.js';
import { ingestPosts } from '../../mentions/ingest.js';
import { currentMatcher } from '../../saved-queries/matcher-cache.js';
import { rateLimitDelay, USER_AGENT } from '../http.js';
import { secretsOf } from '../poll-source.js';
import type { SourcePost } from '../types.js';
import { parseSearch } from '../x/adapter.js';
import { xStreamSettings, type XStreamSettings } from './adapter.js';

/**
 * X's reconnection guidance (docs.x.com "handling disconnections"): a dropped connection is
 * reconnected at once; then back off LINEARLY for network errors (+250 ms a try, up to 16 s),
 * EXPONENTIALLY for HTTP errors (5 s doubling, up to 320 s), and for 429 from 1 minute doubling,
 * never before x-rate-limit-reset. No data (not even the \r\n keep-alive) for 20 s = stalled.
 * Tests shrink these; production uses the defaults.
 */
export interface StreamTimings {
  stallMs: number;
  networkStepMs: number;
  networkMaxMs: number;
  httpStartMs: number;
  httpMaxMs: number;
  rateStartMs: number;
  /** How often the set of x_stream sources is re-read (sources added, paused, credentials changed). */
  checkEveryMs: number;
}
export const DEFAULT_TIMINGS: StreamTimings = {
  stallMs: 20_000,
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpStartMs: 5_000,
  httpMaxMs: 320_000,
  rateStartMs: 60_000,
  checkEveryMs: 15_000,
};

/** What the stream connection writes into the source's state (beside the rules report). */
export interface StreamState {
  connected: boolean;
  connectedAt?: number | null;
  /** Last byte received (a post or a keep-alive): where a restart measures the gap for backfill. */
  lastDataAt?: number | null;
  lastPostAt?: number | null;
  reconnects: number;
  lastError?: string | null;
  /** No connection attempt before this time (a 429's reset, persisted so a restart honours it). */
  backoffUntil?: number | null;
  delivered: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** The tweet.fields/expansions the stream asks for: what parseSearch turns into a post. */
export function streamUrl(s: XStreamSettings, backfillMinutes: number): string {
  const u = new URL('/2/tweets/search/stream', s.baseUrl);
  u.searchParams.set('tweet.fields', 'created_at,lang,author_id,conversation_id,note_tweet');
  u.searchParams.set('expansions', 'author_id');
  u.searchParams.set('user.fields', 'username,name');
  if (backfillMinutes > 0) u.searchParams.set('backfill_minutes', String(backfillMinutes));
  return u.toString();
}

async function patchStream(app: App, id: string, patch: Partial<StreamState>, posts: SourcePost[] = [], workspaceId = '') {
  const snapshot = posts.length ? await currentMatcher(app) : undefined;
  let mentions = 0;
  await app.store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('listening_sources').select(['state']).where('id', '=', id).executeTakeFirst();
    if (!row) return;
    const state = parseJson<Record<string, any>>(row.state, {});
    const stream: StreamState = { connected: false, reconnects: 0, delivered: 0, ...state.stream, ...patch };
    if (snapshot) {
      // The same path as every polled source: stored once per (source kind, X id), matched, triaged.
      // Kind 'x', so a post found by recent search and by the stream is one post, and replies go out on X.
      const r = await ingestPosts(app, tx, snapshot, { id, workspaceId, kind: 'x', storeUnmatched: false }, posts);
      mentions = r.mentions;
      stream.delivered += r.stored;
      state.totalStored = (state.totalStored ?? 0) + r.stored;
      state.lastMentions = r.mentions;
    }
    await tx
      .updateTable('listening_sources')
      .set({ state: JSON.stringify({ ...state, stream }), updated_at: app.now() })
      .where('id', '=', id)
      .execute();
  });
  if (mentions) app.bus.poke(workspaceId);
  return mentions;
}

/**
 * Holds one source's stream open until `signal` aborts: connect, read newline-delimited JSON,
 * ingest each post, reconnect per X's guidance. Posts redelivered after a reconnect (or by
 * backfill) are absorbed by ingest's dedupe, so a restart never makes a second mention.
 */
export async function runStream(app: App, row: ListeningSourceTable, signal: AbortSignal, t: StreamTimings = DEFAULT_TIMINGS): Promise<void> {
  const settings = xStreamSettings.parse(withoutNetworkBaseUrl(app.config, parseJson<Record<string, unknown>>(row.settings, {})));
  const bearer = secretsOf(app, row).bearerToken;
  const prior = parseJson<{ stream?: StreamState }>(row.state, {}).stream;
  let lastDataAt = prior?.lastDataAt ?? null;
  let reconnects = prior?.reconnects ?? 0;
  let net = 0;
  let http = 0;
  let rate = 0;
  let wait = Math.max(0, (prior?.backoffUntil ?? 0) - app.now());
  while (!signal.aborted) {
    if (wait > 0) await sleep(wait, signal);
    wait = 0;
    if (signal.aborted) break;
    // Backfill covers a gap of at most backfillMinutes (tier permitting); beyond it, posts are missed.
    const gapMin = lastDataAt ? Math.ceil((app.now() - lastDataAt) / 60_000) : 0;
    const backfill = settings.backfillMinutes > 0 && lastDataAt ? Math.min(settings.backfillMinutes, Math.max(1, gapMin)) : 0;
    const conn = new AbortController();
    const abort = () => conn.abort();
    signal.addEventListener('abort', abort, { once: true });
    let stalled: NodeJS.Timeout | undefined;
    let open = false;
    const arm = () => {
      clearTimeout(stalled);
      stalled = setTimeout(() => conn.abort(new Error('stalled')), t.stallMs);
    };
    try {
      arm();
      // A long-lived stream: no overall budget or size cap (the stall timer above ends a dead one).
      const res = await app.outbound.fetch(streamUrl(settings, backfill), {
        headers: { authorization: `Bearer ${bearer}`, 'user-agent': USER_AGENT },
        signal: conn.signal,
        timeoutMs: null,
        maxBytes: null,
      });
      if (!res.ok) {
        clearTimeout(stalled);
        const body = (await res.text().catch(() => '')).slice(0, 300);
        const error = `X stream answered ${res.status}${body ? `: ${body}` : ''}`;
        if (res.status === 429) {
          wait = Math.max(rateLimitDelay(res, app.now()) ?? 0, t.rateStartMs * 2 ** rate++);
        } else wait = Math.min(t.httpMaxMs, t.httpStartMs * 2 ** http++);
        await patchStream(app, row.id, { connected: false, lastError: error, backoffUntil: app.now() + wait });
        continue;
      }
      http = rate = 0;
      open = true;
      await patchStream(app, row.id, { connected: true, connectedAt: app.now(), lastError: null, backoffUntil: null, reconnects });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        net = 0;
        lastDataAt = app.now();
        buf += decoder.decode(value, { stream: true });
        const lines = buf.split('\n');
        buf = lines.pop()!;
        const posts: SourcePost[] = [];
        let problem: string | undefined;
        for (const raw of lines) {
          const line = raw.trim();
          if (!line) continue; // keep-alive
          const msg = parseJson<any>(line, null);
          if (msg?.data?.id) posts.push(...parseSearch({ data: [msg.data], includes: msg.includes }));
          else if (msg?.errors) problem = msg.errors.map((e: any) => e.title ?? e.detail ?? e.message).join('; '); // e.g. operational-disconnect
        }
        if (posts.length || problem)
          await patchStream(
            app,
            row.id,
            { lastDataAt, ...(posts.length ? { lastPostAt: lastDataAt } : {}), ...(problem ? { lastError: `X stream: ${problem}` } : {}) },
            posts,
            row.workspace_id,
          );
      }
      // The server closed the stream: reconnect (at once after data; backing off if it keeps closing).
      wait = Math.min(t.networkMaxMs, t.networkStepMs * net++);
      await patchStream(app, row.id, { connected: false, lastDataAt, lastError: 'X closed the stream', reconnects: ++reconnects });
    } catch (e) {
      if (signal.aborted) break;
      const stall = conn.signal.aborted && open;
      const why = conn.signal.aborted ? `no data for ${t.stallMs / 1000} s (stalled)` : `network error: ${(e as Error).message}`;
      // A stall of an open stream is a dropped connection (reconnect now); a failed connect backs off linearly.
      wait = stall ? 0 : Math.min(t.networkMaxMs, t.networkStepMs * ++net);
      await patchStream(app, row.id, { connected: false, lastDataAt, lastError: `X stream: ${why}`, reconnects: ++reconnects }).catch(() => {});
    } finally {
      clearTimeout(stalled);
      signal.removeEventListener('abort', abort);
      conn.abort();
    }
  }
  await patchStream(app, row.id, { connected: false }).catch((err) => log.warn('x stream: state not saved on stop', { err: String(err) }));
}

/**
 * The scheduler's stream lane: one long-lived connection per active x_stream source with a
 * bearer token, restarted when the source's settings or credentials change, stopped when it is
 * paused or deleted, and all stopped (awaited) on shutdown.
 *
 * X allows an app a single filtered-stream connection, so with several schedulers only one
 * process holds a source's stream: the one holding the database lock `x-stream:<source id>`
 * (store dialect tryHold). The others try again at every check, so when the holder dies its lock
 * is freed with its connection and another process connects within checkEveryMs.
 */
export function startXStreams(app: App, timings: Partial<StreamTimings> = {}) {
  const t = { ...DEFAULT_TIMINGS, ...timings };
  const running = new Map<string, { ctl: AbortController; done: Promise<void>; key: string }>();
  const conn = app.store.connection ?? {};
  let stopped = false;
  let checking: Promise<void> = Promise.resolve();
  const stopOne = async (id: string) => {
    const r = running.get(id);
    if (!r) return;
    running.delete(id);
    r.ctl.abort();
    await r.done;
  };
  async function check() {
    if (stopped) return;
    const rows = await app.store.db.selectFrom('listening_sources').selectAll().where('kind', '=', 'x_stream').where('active', '=', 1).execute();
    const want = new Map(rows.map((r) => [r.id, r]));
    for (const id of [...running.keys()]) {
      const r = want.get(id);
      if (!r || `${r.settings}|${r.secrets_enc}` !== running.get(id)!.key) await stopOne(id);
    }
    for (const r of rows) {
      if (stopped || running.has(r.id) || !r.secrets_enc) continue;
      const ctl = new AbortController();
      const lost = () => {
        // The database connection holding the lock ended: another process may take the stream now.
        log.warn('x stream: lost its lock, closing the stream', { sourceId: r.id });
        if (running.get(r.id)?.ctl === ctl) running.delete(r.id);
        ctl.abort();
      };
      const hold = await app.store.dialect.tryHold(conn, `x-stream:${r.id}`, lost);
      if (!hold) {
        log.debug('x stream: another process holds it', { sourceId: r.id });
        continue;
      }
      if (stopped) {
        await hold.release();
        continue;
      }
      const done = runStream(app, r, ctl.signal, t)
        .catch((err) => log.error('x stream failed', { sourceId: r.id, err: String(err) }))
        .finally(() => hold.release());
      running.set(r.id, { ctl, done, key: `${r.settings}|${r.secrets_enc}` });
    }
  }
  const tick = () => {
    checking = checking.then(check).catch((err) => log.error('x stream check failed', { err: String(err) }));
    return checking;
  };
  const timer = setInterval(tick, t.checkEveryMs);
  void tick();
  return {
    /** Re-reads the sources now (tests; the timer does it every checkEveryMs). */
    check: tick,
    running: () => [...running.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      await Promise.all([...running.keys()].map(stopOne));
    },
  };
}
