import http from 'node:http';
import type { Histogram } from './histogram.js';

/**
 * The soak's SSE clients: plain node:http GETs of /api/v1/stream with a bearer token, one socket
 * each, parsed by hand (a few string scans per frame, so that 50,000 frames/s leave the load
 * generator in the same process some CPU). Each client keeps a bitmap of the message sequence
 * numbers of its workspace it has received: a second arrival is a duplicate, a hole at the end a
 * missing event; event ids must rise strictly (no replay, no reordering).
 */
export interface SseClientStats {
  clients: number;
  /** message.received frames in total, over all clients. */
  received: number;
  duplicates: number;
  /** Frames naming another workspace's message, or with an id that did not rise. */
  misdelivered: number;
  outOfOrder: number;
  /** Non-200 answers, socket errors, and streams that ended while the soak still ran. */
  errors: number;
  firstError?: string;
}

interface Client {
  w: number;
  seen: Uint8Array;
  received: number;
  lastId: number;
  req?: http.ClientRequest;
}

export class SseClientPool {
  readonly stats: SseClientStats = { clients: 0, received: 0, duplicates: 0, misdelivered: 0, outOfOrder: 0, errors: 0 };
  private clients: Client[] = [];
  private closing = false;

  /**
   * @param sentAt when the message `seq` of workspace `w` was sent (performance.now()), for the
   * latency; undefined leaves it out (sent during the warm-up).
   */
  constructor(
    private port: number,
    private latency: Histogram,
    private sentAt: (w: number, seq: number) => number | undefined,
  ) {}

  /** Opens one stream per (workspace, token) and resolves once every one has sent its `ready` frame. */
  async open(tokensByWorkspace: string[][], expectedPerWorkspace: number): Promise<void> {
    const opening: Promise<void>[] = [];
    tokensByWorkspace.forEach((tokens, w) => {
      for (const token of tokens) {
        const c: Client = { w, seen: new Uint8Array(expectedPerWorkspace), received: 0, lastId: -1 };
        this.clients.push(c);
        opening.push(this.connect(c, token));
      }
    });
    this.stats.clients = this.clients.length;
    // Open in waves of 50, as integrations come up one by one rather than in one SYN flood.
    for (let i = 0; i < opening.length; i += 50) await Promise.all(opening.slice(i, i + 50));
  }

  /** Message sequence numbers below `sent[w]` that a client of workspace w has not received. */
  missing(sent: number[]): number {
    let n = 0;
    for (const c of this.clients) for (let s = 0; s < sent[c.w]!; s++) if (!c.seen[s]) n++;
    return n;
  }

  /** Frames still owed: Σ over clients of (messages sent to its workspace − distinct ones received). */
  owed(sent: number[]): number {
    return this.clients.reduce((n, c) => n + sent[c.w]! - c.received, 0);
  }

  close() {
    this.closing = true;
    for (const c of this.clients) c.req?.destroy();
  }

  private error(msg: string) {
    this.stats.errors++;
    this.stats.firstError ??= msg;
  }

  private connect(c: Client, token: string): Promise<void> {
    return new Promise((resolve) => {
      let ready = false;
      const settle = () => {
        if (!ready) {
          ready = true;
          resolve();
        }
      };
      const req = http.get(
        {
          host: '127.0.0.1',
          port: this.port,
          path: '/api/v1/stream',
          agent: false,
          headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode !== 200) {
            this.error(`stream answered HTTP ${res.statusCode}`);
            res.resume();
            return settle();
          }
          res.setEncoding('utf8');
          let buf = '';
          res.on('data', (chunk: string) => {
            buf += chunk;
            let end: number;
            while ((end = buf.indexOf('\n\n')) >= 0) {
              const frame = buf.slice(0, end);
              buf = buf.slice(end + 2);
              if (frame.startsWith('event: ready')) settle();
              else if (frame.startsWith('event: message.received\n')) this.onMessage(c, frame);
              else if (frame.startsWith('event: error')) this.error(`stream sent ${frame.replace(/\n/g, ' ')}`);
            }
          });
          res.on('close', () => {
            if (!this.closing) this.error('stream ended during the soak');
            settle();
          });
        },
      );
      req.on('error', (err) => {
        if (!this.closing) this.error(String(err));
        settle();
      });
      c.req = req;
    });
  }

  private onMessage(c: Client, frame: string) {
    const now = performance.now();
    // Lines in any order (hono writes data before id): the id line may be the frame's last.
    const idAt = frame.startsWith('id: ') ? 4 : frame.indexOf('\nid: ') + 5;
    const idEnd = frame.indexOf('\n', idAt);
    const id = Number(frame.slice(idAt, idEnd < 0 ? undefined : idEnd));
    if (!(id > c.lastId)) this.stats.outOfOrder++;
    c.lastId = Math.max(c.lastId, id);
    // "externalId":"soak-<run>-<w>-<seq>"
    const at = frame.indexOf('"externalId":"') + 14;
    const ext = frame.slice(at, frame.indexOf('"', at));
    const dash = ext.lastIndexOf('-');
    const w = Number(ext.slice(ext.lastIndexOf('-', dash - 1) + 1, dash));
    const seq = Number(ext.slice(dash + 1));
    if (w !== c.w || !Number.isInteger(seq) || seq < 0) {
      this.stats.misdelivered++;
      return;
    }
    if (seq >= c.seen.length) {
      const grown = new Uint8Array(Math.max(seq + 1, c.seen.length * 2));
      grown.set(c.seen);
      c.seen = grown;
    }
    if (c.seen[seq]) {
      this.stats.duplicates++;
      return;
    }
    c.seen[seq] = 1;
    c.received++;
    this.stats.received++;
    const sent = this.sentAt(w, seq);
    if (sent !== undefined) this.latency.add(now - sent);
  }
}
