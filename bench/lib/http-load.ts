import http from 'node:http';
import { sleep } from './stats.js';

/**
 * A small load generator on node:http with keep-alive connections (no dependency): a closed loop
 * for throughput, and an open loop for latency that is free of coordinated omission.
 */

export interface Req {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface Target {
  port: number;
  agent: http.Agent;
}

export function target(port: number, maxSockets: number): Target {
  return { port, agent: new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }) };
}

/** One POST; resolves with the status once the whole response has been read. */
export function post(t: Target, r: Req): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: t.port, method: 'POST', path: r.path, agent: t.agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

export interface LoadResult {
  sent: number;
  errors: number;
  /** Per request, ms (open loop: from its scheduled send time). */
  latencies: number[];
  elapsedMs: number;
  /** The first non-2xx status seen, to explain errors. */
  firstError?: string;
  /** Open loop: failures during the unmeasured warm-up (the soak counts every error). */
  warmupErrors?: number;
  /** Open loop with settleMs: requests still unanswered when it ran out (counted in errors too). */
  unanswered?: number;
}

/**
 * Closed loop: `concurrency` clients each send the next request as soon as the previous one is
 * answered, until `durationMs` has passed. `hold()` lets the caller apply backpressure (the
 * clients wait while it returns true), like a network that slows down when we fall behind.
 */
export async function closedLoop(t: Target, o: { concurrency: number; durationMs: number; next: () => Req; hold?: () => boolean }): Promise<LoadResult> {
  const res: LoadResult = { sent: 0, errors: 0, latencies: [], elapsedMs: 0 };
  const start = performance.now();
  const end = start + o.durationMs;
  const client = async () => {
    while (performance.now() < end) {
      if (o.hold?.()) {
        await sleep(2);
        continue;
      }
      const r = o.next();
      const t0 = performance.now();
      try {
        const status = await post(t, r);
        if (status < 200 || status > 299) {
          res.errors++;
          res.firstError ??= `HTTP ${status}`;
        }
      } catch (err) {
        res.errors++;
        res.firstError ??= String(err);
      }
      res.latencies.push(performance.now() - t0);
      res.sent++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  res.elapsedMs = performance.now() - start;
  return res;
}

/**
 * Open loop: request i is due at start + i/rate whatever happened to the ones before it, and its
 * latency counts from that due time (so a stall shows up in every request it delays, instead of
 * slowing the sender down and hiding itself). A 1 ms timer releases whatever is due; the tick's
 * own lateness is therefore counted too, for the product and the ceiling alike.
 */
export async function openLoop(t: Target, o: { rate: number; durationMs: number; warmupMs: number; next: () => Req; settleMs?: number }): Promise<LoadResult> {
  const res: LoadResult = { sent: 0, errors: 0, latencies: [], elapsedMs: 0 };
  const total = Math.floor(((o.durationMs + o.warmupMs) / 1000) * o.rate);
  const interval = 1000 / o.rate;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let i = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) {
        const due = start + i * interval;
        const measured = due - start >= o.warmupMs;
        const r = o.next();
        i++;
        inflight.push(
          post(t, r).then(
            (status) => {
              if (!measured) {
                if (status < 200 || status > 299) {
                  res.warmupErrors = (res.warmupErrors ?? 0) + 1;
                  res.firstError ??= `HTTP ${status}`;
                }
                return;
              }
              res.sent++;
              if (status < 200 || status > 299) {
                res.errors++;
                res.firstError ??= `HTTP ${status}`;
              }
              res.latencies.push(performance.now() - due);
            },
            (err) => {
              if (!measured) {
                res.warmupErrors = (res.warmupErrors ?? 0) + 1;
                res.firstError ??= String(err);
                return;
              }
              res.sent++;
              res.errors++;
              res.firstError ??= String(err);
              res.latencies.push(performance.now() - due);
            },
          ),
        );
      }
      if (i < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  // settleMs bounds the wait for the last answers (a saturated server would otherwise hold the
  // bench for as long as its backlog lasts): what is still unanswered then counts as an error.
  let answered = 0;
  for (const p of inflight) void p.then(() => answered++);
  const settled = Promise.all(inflight).then(() => true);
  const inTime = o.settleMs === undefined ? await settled : await Promise.race([settled, sleep(o.settleMs).then(() => false)]);
  if (!inTime) {
    res.unanswered = inflight.length - answered;
    res.errors += res.unanswered;
    res.firstError ??= `${res.unanswered} requests unanswered ${o.settleMs} ms after the last send`;
  }
  res.elapsedMs = performance.now() - start;
  return res;
}
