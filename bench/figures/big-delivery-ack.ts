import { startChild } from '../lib/child.js';
import { openLoop, target, type LoadResult } from '../lib/http-load.js';
import { createIntakeEnv, deliveries } from '../lib/intake-env.js';
import { note, percentile, sleep } from '../lib/stats.js';

export interface BigDeliveryAckResult {
  /** Acknowledgement latencies of the small deliveries, ms from their scheduled send. */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  /** The big deliveries' own acknowledgements (each is a ~250 KB body). */
  bigP50: number;
  bigMax: number;
  bigs: number;
  /** Every event of every delivery stored exactly once, none failed (Hearken run only). */
  drained?: boolean;
  /** How long the journal took to drain after the last POST (Hearken run only). */
  drainMs?: number;
}

export interface BigDeliveryAckOptions {
  /** Small single-event deliveries per second: the ones whose acknowledgements are measured. */
  rate: number;
  /** Events in each big delivery, and how often one arrives. */
  bigEvents: number;
  bigEveryMs: number;
  durationMs: number;
}

/**
 * Issue 17, defect 7: acknowledgements of small webhook deliveries while big ones (1,000 events in
 * one POST, as a network catching up may send) are being processed. In embedded mode the receiver
 * and the intake worker share one process and one SQLite connection, so a big delivery processed
 * in one long transaction holds every acknowledgement behind it. Small deliveries arrive on an
 * open loop (latency counted from the scheduled send, so a stall is charged to every request it
 * delays); a big delivery arrives every `bigEveryMs`, on its own open loop. With `bare`, the same
 * traffic goes to the bare node:http handler: the ceiling.
 */
export async function bigDeliveryAck(o: BigDeliveryAckOptions, bare = false): Promise<BigDeliveryAckResult> {
  const env = bare ? null : await createIntakeEnv('api');
  const child = await startChild(bare ? 'bare-server' : 'hearken-server', env?.env);
  try {
    const t = target(child.port, 256);
    const channelId = env?.channelId ?? 'bare';
    const secret = env?.signingSecret ?? 'whsec_bare';
    const small = deliveries(channelId, secret, 1, 21);
    const big = deliveries(channelId, secret, o.bigEvents, 22);
    // Warm the server (V8 and the page cache) with both kinds, unmeasured, then let it drain.
    await Promise.all([
      openLoop(t, { rate: o.rate / 4, durationMs: 2000, warmupMs: 0, next: small }),
      openLoop(t, { rate: 1, durationMs: 1000, warmupMs: 0, next: big }),
    ]);
    if (env) while (env.pending() > 0) await sleep(20);
    // The first big delivery leaves at once, so the measured seconds start with one in process.
    const [s, b] = await Promise.all([
      openLoop(t, { rate: o.rate, durationMs: o.durationMs, warmupMs: 0, next: small }),
      openLoop(t, { rate: 1000 / o.bigEveryMs, durationMs: o.durationMs, warmupMs: 0, next: big }),
    ]);
    t.agent.destroy();
    for (const r of [s, b]) if (r.errors) note(`big-delivery ack: ${r.errors} failed deliveries, first: ${r.firstError}`);
    const out: BigDeliveryAckResult = { ...summarize(s), bigP50: percentile(b.latencies, 50), bigMax: percentile(b.latencies, 100), bigs: b.sent };
    if (!env) return out;
    const sent = performance.now();
    const deadline = Date.now() + 180_000;
    while (env.pending() > 0 && Date.now() < deadline) await sleep(20);
    const c = env.counts();
    const expected = sentEvents(o, 2000, 1000) + s.sent + b.sent * o.bigEvents;
    out.drainMs = performance.now() - sent;
    out.drained = c.messages === expected && c.docs === expected && c.failed === 0;
    if (!out.drained) note(`big-delivery ack: expected ${expected} stored events, found ${c.messages} messages / ${c.docs} docs / ${c.failed} failed`);
    return out;
  } finally {
    await child.stop();
    env?.cleanup();
  }
}

/** Events the warm-up sent: small ones at a quarter of the rate for `smallMs`, one big per second for `bigMs`. */
const sentEvents = (o: BigDeliveryAckOptions, smallMs: number, bigMs: number) =>
  Math.floor((smallMs / 1000) * (o.rate / 4)) + Math.floor(bigMs / 1000) * o.bigEvents;

const summarize = (l: LoadResult) => ({
  p50: percentile(l.latencies, 50),
  p99: percentile(l.latencies, 99),
  max: percentile(l.latencies, 100),
  requests: l.sent,
  errors: l.errors,
});
