import { startChild } from '../lib/child.js';
import { openLoop, target, type LoadResult, type Req, type Target } from '../lib/http-load.js';
import { createIntakeEnv, deliveries, metaDeliveries, type BenchNetwork } from '../lib/intake-env.js';
import { note, percentile, sleep } from '../lib/stats.js';

export interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  /** For the Hearken run: every event was stored once the journal drained. */
  drained?: boolean;
}

const summarize = (l: LoadResult): LatencyResult => ({
  p50: percentile(l.latencies, 50),
  p99: percentile(l.latencies, 99),
  max: percentile(l.latencies, 100),
  requests: l.sent,
  errors: l.errors,
});

/**
 * Figure 2: webhook acknowledgement latency under a steady open-loop load of `rate` deliveries/s
 * of `eventsPerPost` events each, on a Hearken child whose intake worker processes them at the
 * same time (the receiver and the worker share the process and its one SQLite connection).
 */
export async function ackLatency(o: {
  rate: number;
  eventsPerPost: number;
  durationMs: number;
  warmupMs: number;
  network?: BenchNetwork;
}): Promise<LatencyResult> {
  const env = await createIntakeEnv(o.network);
  const child = await startChild('hearken-server', env.env);
  try {
    const t = target(child.port, 256);
    const next = env.deliveries(o.eventsPerPost, 13);
    await warmUp(t, o, next);
    while (env.pending() > 0) await sleep(20);
    const load = await openLoop(t, { rate: o.rate, durationMs: o.durationMs, warmupMs: o.warmupMs, next });
    t.agent.destroy();
    if (load.errors) note(`ack latency: ${load.errors} failed deliveries, first: ${load.firstError}`);
    const deadline = Date.now() + 120_000;
    while (env.pending() > 0 && Date.now() < deadline) await sleep(20);
    const c = env.counts();
    const expected = (Math.floor(((o.durationMs + o.warmupMs) / 1000) * o.rate) + warmUpRequests(o)) * o.eventsPerPost;
    const drained = c.messages === expected && c.docs === expected && c.failed === 0;
    if (!drained) note(`ack latency: expected ${expected} stored events, found ${c.messages} messages / ${c.docs} docs / ${c.failed} failed`);
    return { ...summarize(load), drained };
  } finally {
    await child.stop();
    env.cleanup();
  }
}

/**
 * A server that has just started runs cold (V8 has not optimized its hot paths yet), and a cold
 * server hit at full rate builds a backlog that the measured seconds then inherit. Production
 * servers are warm, so both servers first get 2 s at a quarter of the rate, unmeasured.
 */
const WARM_UP_MS = 2000;
const warmUpRequests = (o: { rate: number }) => Math.floor(((WARM_UP_MS / 1000) * o.rate) / 4);
async function warmUp(t: Target, o: { rate: number }, next: () => Req) {
  await openLoop(t, { rate: o.rate / 4, durationMs: WARM_UP_MS, warmupMs: 0, next });
}

/** Ceiling: the bare node:http handler at the same rate, with the same client. */
export async function bareAckLatency(o: {
  rate: number;
  eventsPerPost: number;
  durationMs: number;
  warmupMs: number;
  network?: BenchNetwork;
}): Promise<LatencyResult> {
  const child = await startChild('bare-server');
  try {
    const t = target(child.port, 256);
    const next = (o.network === 'messenger' ? metaDeliveries : deliveries)('bare', 'whsec_bare', o.eventsPerPost, 13);
    await warmUp(t, o, next);
    const load = await openLoop(t, { rate: o.rate, durationMs: o.durationMs, warmupMs: o.warmupMs, next });
    t.agent.destroy();
    return summarize(load);
  } finally {
    await child.stop();
  }
}
