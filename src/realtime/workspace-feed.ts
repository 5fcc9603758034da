import type { App } from '../app.js';
import { horizonOf } from '../events/horizon.js';
import { log } from '../lib/log.js';
import { type EventView, readEventPage } from './read-events.js';
import { STREAM_TIMING } from './stream-timing.js';

/** An event as its SSE frame, serialised once for every stream that sends it. */
export function frameOf(ev: EventView): string {
  return `event: ${ev.type}\ndata: ${JSON.stringify(ev)}\nid: ${ev.id}\n\n`;
}

/**
 * One reader of a workspace's log per process, shared by every live stream of that workspace.
 * Each stream used to read the log itself on every wake-up, parse and re-serialise each event,
 * and write it frame by frame: ~200 µs of CPU per (event, stream), so 500 streams at 1,000
 * events/s needed ten cores (docs/bench.md, the soak). The feed reads each event once, keeps the
 * last frames in memory, and streams take every frame after their cursor as one string.
 *
 * The feed holds every event of the workspace with `floor < id <= cursor`, cursor never past the
 * safe horizon (events/horizon.ts), so a stream that takes frames from it keeps the promise that
 * its last id is a complete resume point. A stream behind the floor (resuming from long ago, or a
 * client too slow to keep up) reads the log itself until it reaches the floor.
 */
export class WorkspaceFeed {
  floor = 0;
  cursor = 0;
  private frames: { id: number; text: string }[] = [];
  private memo: { after: number; last: number; bytes: Buffer } | null = null;
  private listeners = new Set<() => void>();
  private dirty = false;
  private release: (() => void) | null = null;
  private stopped = false;
  private unsubscribe: () => void;
  refs = 0;
  readonly ready: Promise<void>;

  constructor(
    private app: App,
    readonly workspaceId: string,
  ) {
    // Subscribed before the first read, so a write landing between read and wait still wakes it.
    this.unsubscribe = app.bus.subscribe(workspaceId, this.poke);
    this.ready = this.start();
  }

  poke = () => {
    this.dirty = true;
    this.release?.();
  };

  /** Called when a stream (or its cursor) needs the frames after `cursor`; wakes on new frames. */
  listen(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The frames after `after`, joined and encoded once, and the id of the last; null when there are
   * none yet. Streams of a workspace mostly stand at the same cursor, so the last answer is kept:
   * 50 streams asking for the same frames share one buffer instead of encoding the text 50 times.
   */
  after(after: number): { bytes: Buffer | null; last: number } {
    const f = this.frames;
    const newest = f.length ? f[f.length - 1]!.id : after;
    if (this.memo && this.memo.after === after && this.memo.last === newest) return this.memo;
    // Binary search: the first frame with id > after.
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]!.id <= after) lo = mid + 1;
      else hi = mid;
    }
    if (lo === f.length) return { bytes: null, last: after };
    let text = '';
    for (let i = lo; i < f.length; i++) text += f[i]!.text;
    this.memo = { after, last: newest, bytes: Buffer.from(text, 'utf8') };
    return this.memo;
  }

  stop() {
    this.stopped = true;
    this.unsubscribe();
    this.release?.();
  }

  private async start() {
    const horizon = horizonOf(this.app.store);
    let h = await horizon.read();
    while (h.safe < 0 && !this.stopped) {
      await this.wait(STREAM_TIMING.recheckMs);
      h = await horizon.read();
    }
    this.floor = this.cursor = Math.max(h.safe, 0);
    void this.run();
  }

  private async run() {
    const horizon = horizonOf(this.app.store);
    while (!this.stopped) {
      this.dirty = false;
      let pending = false;
      try {
        const h = await horizon.read();
        pending = h.pending;
        let added = 0;
        for (;;) {
          const page = await readEventPage(this.app.store.db, {
            workspaceId: this.workspaceId,
            after: this.cursor,
            upTo: h.safe,
            limit: STREAM_TIMING.pageSize,
          });
          for (const ev of page.events) this.frames.push({ id: ev.id, text: frameOf(ev) });
          added += page.events.length;
          this.cursor = Math.max(this.cursor, page.upTo);
          if (page.events.length < STREAM_TIMING.pageSize || this.stopped) break;
        }
        this.trim();
        if (added) for (const fn of this.listeners) fn();
        // Under a stream of events, read at most every batchMs: each read wakes every stream and
        // costs each a write, and intake commits every few ms. A lone event still goes out at once.
        if (added && STREAM_TIMING.batchMs > 0) await new Promise((resolve) => setTimeout(resolve, STREAM_TIMING.batchMs));
      } catch (err) {
        log.warn('realtime: reading the event log failed; trying again', { workspaceId: this.workspaceId, err: String(err) });
      }
      await this.wait(pending ? STREAM_TIMING.recheckMs : STREAM_TIMING.pollMs);
    }
  }

  /** Keeps the last frames (STREAM_TIMING.feedFrames); the floor rises with what is dropped. */
  private trim() {
    const over = this.frames.length - STREAM_TIMING.feedFrames;
    if (over <= 0) return;
    this.floor = this.frames[over - 1]!.id;
    this.frames.splice(0, over);
  }

  private wait(ms: number): Promise<void> {
    if (this.dirty || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.release = null;
        resolve();
      }
      this.release = done;
    });
  }
}

const feeds = new WeakMap<App, Map<string, WorkspaceFeed>>();

/** The workspace's feed in this process, started on its first stream; release() when the stream ends. */
export function acquireFeed(app: App, workspaceId: string): { feed: WorkspaceFeed; release: () => void } {
  let byWs = feeds.get(app);
  if (!byWs) feeds.set(app, (byWs = new Map()));
  let feed = byWs.get(workspaceId);
  if (!feed) byWs.set(workspaceId, (feed = new WorkspaceFeed(app, workspaceId)));
  feed.refs++;
  let released = false;
  return {
    feed,
    release: () => {
      if (released) return;
      released = true;
      feed.refs--;
      // The last stream gone: stop reading (a reconnect starts a fresh feed from the horizon).
      if (feed.refs === 0 && byWs.get(workspaceId) === feed) {
        byWs.delete(workspaceId);
        feed.stop();
      }
    },
  };
}
