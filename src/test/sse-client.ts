import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { TestApp } from './app.js';

/**
 * Test helpers for the realtime stream: a real HTTP server around the test app, and a small
 * Server-Sent Events reader over fetch(), so tests see exactly the bytes a browser would.
 */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

export async function startServer(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: t.http.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

export class SseConnection {
  readonly frames: SseFrame[] = [];
  private consumed = 0;
  private waiters: Array<() => void> = [];
  ended = false;

  private constructor(
    readonly response: Response,
    private abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const conn = new SseConnection(res, abort);
    if (res.ok && res.body) void conn.pump(res.body);
    return conn;
  }

  private async pump(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buf = '';
    let frame: SseFrame = {};
    try {
      for await (const chunk of body) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
          if (line === '') {
            if (Object.keys(frame).length) this.push(frame);
            frame = {};
          } else if (line.startsWith(':')) {
            this.push({ comment: line.slice(1).trim() });
          } else {
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
            else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
          }
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    this.wakeAll();
  }

  private push(f: SseFrame) {
    this.frames.push(f);
    this.wakeAll();
  }

  private wakeAll() {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** The next frame matching `pick` (default: any non-comment frame); throws after timeoutMs. */
  async next(timeoutMs = 5000, pick: (f: SseFrame) => boolean = (f) => f.comment === undefined): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.consumed < this.frames.length) {
        const f = this.frames[this.consumed++];
        if (pick(f)) return f;
      }
      if (this.ended) throw new Error('stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next n events (frames with data, not comments or the ready frame), parsed. */
  async events(n: number, timeoutMs = 5000): Promise<Array<{ id: number; type: string; frame: SseFrame; body: any }>> {
    const out = [];
    while (out.length < n) {
      const f = await this.next(timeoutMs, (x) => x.comment === undefined && x.event !== 'ready');
      out.push({ id: Number(f.id), type: f.event ?? 'message', frame: f, body: JSON.parse(f.data ?? 'null') });
    }
    return out;
  }

  /** Resolves true when no event arrives for ms (comments and ready frames are ignored). */
  async quietFor(ms: number): Promise<boolean> {
    try {
      await this.events(1, ms);
      return false;
    } catch (e) {
      if ((e as Error).message === 'stream ended') throw e;
      return true;
    }
  }

  close() {
    this.abort.abort();
  }
}
