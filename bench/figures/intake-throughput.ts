import { startChild } from '../lib/child.js';
import { closedLoop, target } from '../lib/http-load.js';
import { createIntakeEnv, deliveries, type EnvSeed, type IntakeEnv, metaDeliveries, type BenchNetwork } from '../lib/intake-env.js';
import { note, sleep } from '../lib/stats.js';

export interface ThroughputResult {
  eventsPerPost: number;
  /** Events stored (message row + search document) per second, first send → last one stored. */
  eventsPerSec: number;
  events: number;
  windowSec: number;
  /** Deliveries acknowledged per second during the send phase. */
  ackedPerSec: number;
  errors: number;
}

/**
 * Figure 1: signed POSTs to the API channel's webhook on a Hearken child process (web + intake
 * worker on SQLite), closed loop for `sendMs`; the clients hold back while the unprocessed
 * backlog exceeds `maxBacklogEvents`, so what is measured is what the pipeline sustains end to
 * end, not how fast the journal can fill. Then we wait for the journal to drain and count what
 * was stored.
 */
export async function intakeThroughput(o: {
  eventsPerPost: number;
  concurrency: number;
  sendMs: number;
  maxBacklogEvents: number;
  network?: BenchNetwork;
  /** Setup in the fresh database before the child starts. */
  seed?: EnvSeed;
  /** Every worker loop (jobs, triage, rollups too), as HEARKEN_ROLES=web,worker runs them. */
  fullWorker?: boolean;
  /** Once the journal drained, before the child stops (e.g. waiting for follow-up work). */
  drained?: (env: IntakeEnv) => Promise<void>;
  /** After the child stopped, before the database is deleted (e.g. in-process measurements on what was stored). */
  after?: (env: IntakeEnv) => Promise<void>;
}): Promise<ThroughputResult> {
  const env = await createIntakeEnv(o.network, o.seed);
  // Intake's own pace: the receiver, intake and the reactors on one thread, as this figure has
  // always measured (comparable across runs). With fullWorker, the process as `npm start` runs it:
  // every worker loop (triage, rollups, jobs too), on the worker thread of embedded mode.
  const child = await startChild(
    'hearken-server',
    o.fullWorker ? { ...env.env, HEARKEN_BENCH_FULL_WORKER: '1' } : { ...env.env, HEARKEN_WORKER_THREAD: 'false' },
  );
  try {
    const t = target(child.port, o.concurrency);
    let backlog = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        backlog = env.pending() * o.eventsPerPost;
        await sleep(20);
      }
    })();
    const start = Date.now();
    const load = await closedLoop(t, {
      concurrency: o.concurrency,
      durationMs: o.sendMs,
      next: env.deliveries(o.eventsPerPost),
      hold: () => backlog > o.maxBacklogEvents,
    });
    polling = false;
    await poller;
    const deadline = Date.now() + 180_000;
    while (env.pending() > 0) {
      if (Date.now() > deadline) throw new Error('the journal did not drain within 180 s');
      await sleep(20);
    }
    t.agent.destroy();
    await o.drained?.(env);
    const c = env.counts();
    const sentEvents = (load.sent - load.errors) * o.eventsPerPost;
    if (load.errors) note(`intake (${o.eventsPerPost}/POST): ${load.errors} failed deliveries, first: ${load.firstError}`);
    if (c.messages !== sentEvents || c.docs !== sentEvents || c.failed) {
      note(`intake (${o.eventsPerPost}/POST): sent ${sentEvents} events but stored ${c.messages} messages / ${c.docs} search docs, ${c.failed} failed entries`);
    }
    const events = Math.min(c.messages, c.docs);
    const windowSec = (c.lastStoredAt - start) / 1000;
    return {
      eventsPerPost: o.eventsPerPost,
      eventsPerSec: events / windowSec,
      events,
      windowSec,
      ackedPerSec: load.sent / (load.elapsedMs / 1000),
      errors: load.errors,
    };
  } finally {
    await child.stop();
    try {
      await o.after?.(env);
    } finally {
      env.cleanup();
    }
  }
}

/** Ceiling: a bare node:http handler's requests/s under the same clients and the same bodies. */
export async function bareThroughput(o: { eventsPerPost: number; concurrency: number; durationMs: number; network?: BenchNetwork }): Promise<number> {
  const child = await startChild('bare-server');
  try {
    const t = target(child.port, o.concurrency);
    const load = await closedLoop(t, {
      concurrency: o.concurrency,
      durationMs: o.durationMs,
      next: (o.network === 'messenger' ? metaDeliveries : deliveries)('bare', 'whsec_bare', o.eventsPerPost),
    });
    t.agent.destroy();
    return load.sent / (load.elapsedMs / 1000);
  } finally {
    await child.stop();
  }
}
