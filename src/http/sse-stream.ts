/** What a live stream writes through (routes/stream.ts). */
export interface SseOut {
  writeSSE(m: { event?: string; data: string; id?: string; retry?: number }): Promise<void>;
  write(chunk: string | Uint8Array): Promise<void>;
  onAbort(fn: () => void): void;
  close(): void;
}

const encoder = new TextEncoder();
/** A client this far behind is waited for before more is queued, so its buffer does not grow without bound. */
const HIGH_WATER_BYTES = 256 * 1024;

/**
 * Server-Sent Events as a plain ReadableStream the stream pushes bytes into. Hono's helper puts a
 * TransformStream and its writer between each write and the socket; with 500 live streams at 1,000
 * events/s that layer was a sixth of the web thread's time (docs/bench.md, the soak). Frames are
 * the bytes Hono's writeSSE makes; shared frames arrive as one buffer for every stream of a
 * workspace (realtime/workspace-feed.ts), so nothing is encoded per stream.
 */
export class SseStream implements SseOut {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private aborts: Array<() => void> = [];
  private closed = false;
  private waiting: (() => void) | null = null;

  constructor() {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.resume(),
        cancel: () => this.abort(),
      },
      { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
    );
  }

  onAbort(fn: () => void): void {
    if (this.closed) fn();
    else this.aborts.push(fn);
  }

  write(chunk: string | Uint8Array): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    if ((this.controller.desiredSize ?? 1) > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  writeSSE(m: { event?: string; data: string; id?: string; retry?: number }): Promise<void> {
    for (const v of [m.event, m.id]) if (v && /[\r\n]/.test(v)) throw new Error('an SSE event name or id must not contain a line break');
    const lines = [
      m.event && `event: ${m.event}`,
      m.data
        .split(/\r\n|\r|\n/)
        .map((l) => `data: ${l}`)
        .join('\n'),
      m.id !== undefined && `id: ${m.id}`,
      m.retry !== undefined && `retry: ${m.retry}`,
    ];
    return this.write(`${lines.filter(Boolean).join('\n')}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resume();
    try {
      this.controller.close();
    } catch {
      // Cancelled by the client already.
    }
  }

  private resume() {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  private abort() {
    this.closed = true;
    this.resume();
    for (const fn of this.aborts.splice(0)) fn();
  }
}
