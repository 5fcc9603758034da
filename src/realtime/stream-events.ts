import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { requirePermission } from '../auth/roles.js';
import { horizonOf } from '../events/horizon.js';
import { readEventPage, type EventView } from './read-events.js';

/** Where a stream writes; the HTTP route turns these into SSE frames. */
export interface StreamSink {
  /** Sent once, first: the cursor the stream starts after (so a reconnect resumes from here). */
  ready(cursor: number): Promise<void>;
  event(ev: EventView): Promise<void>;
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

export const STREAM_TIMING = {
  pageSize: 500,
  /** Re-read even without a wake-up: events written by another process on SQLite, or a lost NOTIFY. */
  pollMs: 2_000,
  /** Proxies close idle connections; a comment line keeps them open. */
  heartbeatMs: 15_000,
  /** While a writer may still commit below the max id, look again soon instead of at the next poll. */
  recheckMs: 50,
  /** How often a live stream asks whether its credential still holds. */
  authCheckMs: 10_000,
};

/**
 * Streams the principal's workspace log from a cursor until the signal aborts: catch up in
 * pages, then wait for bus wake-ups (or the fallback poll) and read again. Only ids up to the
 * safe horizon are delivered, in id order, so the last delivered id is always a complete resume
 * point: nothing before it can still appear (see events/horizon.ts). A stream is a reactor of
 * one connection: it reads the log with the reactors' primitive (events/read-log.ts), and its
 * durable cursor is the client's Last-Event-ID rather than a row in reactor_cursors.
 */
export async function streamEvents(app: App, principal: Principal, input: StreamInput): Promise<void> {
  requirePermission(principal, 'conversations.view');
  const { signal, sink } = input;
  const horizon = horizonOf(app.store);
  const wake = new Wake(signal);
  // Subscribe before the first read, so a write landing between read and wait still wakes us.
  const unsubscribe = app.bus.subscribe(principal.workspaceId, wake.poke);
  try {
    let cursor = input.cursor;
    if (cursor === null) {
      // "Now" is the first confirmed horizon, not the raw max: an event still committing below
      // the max belongs to this stream's future, not to its past.
      let h = await horizon.read();
      while (h.safe < 0 && !signal.aborted) {
        await wake.wait(STREAM_TIMING.recheckMs);
        h = await horizon.read();
      }
      cursor = Math.max(h.safe, 0);
    }
    let lastWrite = performance.now();
    let lastAuthCheck = performance.now();
    await sink.ready(cursor);
    while (!signal.aborted) {
      if (input.stillAuthorized && performance.now() - lastAuthCheck >= STREAM_TIMING.authCheckMs) {
        lastAuthCheck = performance.now();
        if (!(await input.stillAuthorized())) return sink.revoked();
      }
      wake.clear();
      const h = await horizon.read();
      for (;;) {
        const { events: page } = await readEventPage(app.store.db, {
          workspaceId: principal.workspaceId,
          after: cursor,
          upTo: h.safe,
          limit: STREAM_TIMING.pageSize,
        });
        for (const ev of page) {
          if (signal.aborted) return;
          await sink.event(ev);
          cursor = ev.id;
          lastWrite = performance.now();
        }
        if (page.length < STREAM_TIMING.pageSize) break;
      }
      const untilHeartbeat = STREAM_TIMING.heartbeatMs - (performance.now() - lastWrite);
      await wake.wait(Math.max(0, Math.min(h.pending ? STREAM_TIMING.recheckMs : STREAM_TIMING.pollMs, untilHeartbeat)));
      if (!signal.aborted && performance.now() - lastWrite >= STREAM_TIMING.heartbeatMs) {
        await sink.heartbeat();
        lastWrite = performance.now();
      }
    }
  } finally {
    unsubscribe();
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
