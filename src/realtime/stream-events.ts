import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { requirePermission } from '../auth/roles.js';
import { horizonOf } from '../events/horizon.js';
import { readEventPage } from './read-events.js';
import { STREAM_TIMING } from './stream-timing.js';
import { acquireFeed, frameOf } from './workspace-feed.js';

/** Where a stream writes; the HTTP route turns these into SSE output. */
export interface StreamSink {
  /** Sent once, first: the cursor the stream starts after (so a reconnect resumes from here). */
  ready(cursor: number): Promise<void>;
  /** Event frames, already SSE text (workspace-feed.ts frameOf), several at once: one write (bytes when shared between streams). */
  frames(text: string | Uint8Array): Promise<void>;
  heartbeat(): Promise<void>;
  /** The credential the stream was opened with is no longer valid: say so; the stream then ends. */
  revoked(): Promise<void>;
}

export interface StreamInput {
  /** Deliver events with id > cursor; null = from now. */
  cursor: number | null;
  signal: AbortSignal;
  sink: StreamSink;
  /**
   * Whether the credential the stream was opened with still holds (token not revoked, session not
   * signed out or expired, membership not removed). A stream lives for hours: without this it would
   * keep a removed colleague reading the workspace until they closed the tab.
   */
  stillAuthorized?: () => Promise<boolean>;
}

export { STREAM_TIMING };

/**
 * Streams the principal's workspace log from a cursor until the signal aborts. Only ids up to the
 * safe horizon are delivered, in id order, so the last delivered id is always a complete resume
 * point: nothing before it can still appear (see events/horizon.ts). The workspace's feed
 * (workspace-feed.ts) reads the log once for every stream in this process; a stream whose cursor
 * is behind what the feed keeps catches up from the log itself, a page per write. A stream is a
 * reactor of one connection: its durable cursor is the client's Last-Event-ID.
 */
export async function streamEvents(app: App, principal: Principal, input: StreamInput): Promise<void> {
  requirePermission(principal, 'conversations.view');
  const { signal, sink } = input;
  const wake = new Wake(signal);
  const { feed, release } = acquireFeed(app, principal.workspaceId);
  const unlisten = feed.listen(wake.poke);
  try {
    let cursor = input.cursor;
    if (cursor === null) {
      // "Now" is the first confirmed horizon, not the raw max: an event still committing below
      // the max belongs to this stream's future, not to its past.
      const horizon = horizonOf(app.store);
      let h = await horizon.read();
      while (h.safe < 0 && !signal.aborted) {
        await wake.wait(STREAM_TIMING.recheckMs);
        h = await horizon.read();
      }
      cursor = Math.max(h.safe, 0);
    }
    await feed.ready;
    let lastWrite = performance.now();
    let lastAuthCheck = performance.now();
    await sink.ready(cursor);
    while (!signal.aborted) {
      if (input.stillAuthorized && performance.now() - lastAuthCheck >= STREAM_TIMING.authCheckMs) {
        lastAuthCheck = performance.now();
        if (!(await input.stillAuthorized())) return sink.revoked();
      }
      wake.clear();
      // Behind the feed's memory: read the log up to where the feed has read, a page per write.
      while (cursor < feed.floor && !signal.aborted) {
        const page = await readEventPage(app.store.db, {
          workspaceId: principal.workspaceId,
          after: cursor,
          upTo: feed.cursor,
          limit: STREAM_TIMING.pageSize,
        });
        if (page.events.length) {
          await sink.frames(page.events.map(frameOf).join(''));
          lastWrite = performance.now();
        }
        cursor = page.upTo;
      }
      const fresh = feed.after(cursor);
      if (fresh.bytes && !signal.aborted) {
        await sink.frames(fresh.bytes);
        cursor = fresh.last;
        lastWrite = performance.now();
      }
      const untilHeartbeat = STREAM_TIMING.heartbeatMs - (performance.now() - lastWrite);
      const untilAuthCheck = input.stillAuthorized ? STREAM_TIMING.authCheckMs - (performance.now() - lastAuthCheck) : Number.POSITIVE_INFINITY;
      await wake.wait(Math.max(0, Math.min(untilHeartbeat, untilAuthCheck)));
      if (!signal.aborted && performance.now() - lastWrite >= STREAM_TIMING.heartbeatMs) {
        await sink.heartbeat();
        lastWrite = performance.now();
      }
    }
  } finally {
    unlisten();
    release();
  }
}

/** A coalescing wake-up: pokes while the stream is busy are remembered, not lost. */
class Wake {
  private dirty = false;
  private release: (() => void) | null = null;

  constructor(private signal: AbortSignal) {}

  poke = () => {
    this.dirty = true;
    this.release?.();
  };

  clear() {
    this.dirty = false;
  }

  wait(ms: number): Promise<void> {
    if (this.dirty || this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        this.release = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.release = done;
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}
