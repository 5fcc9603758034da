import { readFileSync } from 'node:fs';
import { startChild } from '../lib/child.js';
import { Histogram } from '../lib/histogram.js';
import { openLoop, target } from '../lib/http-load.js';
import { createSoakEnv, soakDeliveries, type SoakEnv } from '../lib/soak-env.js';
import { SseClientPool, type SseClientStats } from '../lib/sse-clients.js';
import { note, percentile, sleep } from '../lib/stats.js';

/**
 * The soak (issue 17): `clients` live SSE streams spread over `workspaces` workspaces, and an
 * open-loop generator sending `rate` signed single-event webhook deliveries per second, round-robin
 * over the workspaces' channels, for a warm-up and then `durationMs`. Run against Hearken (one
 * child process, web + worker roles, embedded SQLite) and against the bare SSE fan-out server
 * (the ceiling), with the same clients and the same generator in this process.
 */
export interface SoakOptions {
  workspaces: number;
  clients: number;
  channelsPerWorkspace: number;
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** How long to wait at most, after the last send, for the streams to catch up. */
  drainMs: number;
}

export interface Memory {
  rssMiB: number;
  anonMiB: number;
  fileMiB: number;
}

export interface SoakResult {
  server: string;
  /** Deliveries sent, and the rate the generator achieved (sent / time between first and last send). */
  sent: number;
  achievedRate: number;
  /** SSE frames (message events) the clients received per second while the load ran, and how many the load called for in all. */
  framesPerSec: number;
  framesAsked: number;
  /** How late the generator released its requests (ms after their scheduled time): p99 and max. */
  sendLagP99: number;
  sendLagMax: number;
  /** Non-2xx answers and failed requests, warm-up included. */
  webhookErrors: number;
  /** Of those: deliveries still unacknowledged drainMs / 2 after the last send. */
  unanswered: number;
  firstWebhookError?: string;
  ackP50: number;
  ackP99: number;
  /** Webhook sent → event received by a client, every (event, client) pair after the warm-up. */
  delivery: { p50: number; p99: number; max: number; samples: number };
  sse: SseClientStats;
  /** (event, client) pairs never received, after the drain. */
  missing: number;
  drainSec: number;
  /** Resident memory of the server process: after the warm-up, at the end of the load, and the peak seen (sampled every 5 s). */
  memory?: { warm: Memory; end: Memory; peakRssMiB: number; series: number[] };
  /** Server CPU over the load, in cores (1.0 = one core busy the whole time). */
  serverCores?: number;
}

export async function soak(server: 'hearken-server' | 'bare-sse-server', o: SoakOptions, env: SoakEnv): Promise<SoakResult> {
  const childEnv =
    server === 'hearken-server'
      ? env.env
      : {
          BENCH_SSE_MAP: JSON.stringify({
            tokens: Object.fromEntries(env.workspaces.flatMap((ws, w) => ws.tokens.map((t) => [t, w]))),
            channels: Object.fromEntries(env.workspaces.flatMap((ws, w) => ws.channels.map((c) => [c.id, w]))),
          }),
        };
  const child = await startChild(server, childEnv);
  const pid = child.proc.pid!;
  const W = env.workspaces.length;
  const totalMs = o.warmupMs + o.durationMs;
  const perWorkspace = Math.ceil(((totalMs / 1000) * o.rate) / W) + 1;
  const sentTimes = env.workspaces.map(() => new Float64Array(perWorkspace));
  const sent = new Array<number>(W).fill(0);
  const latency = new Histogram();
  let start = 0;
  let measuredFrom = Infinity;
  const pool = new SseClientPool(child.port, latency, (w, seq) => {
    const t = sentTimes[w]![seq];
    return t !== undefined && t >= measuredFrom ? t : undefined;
  });
  try {
    note(`soak (${server}): opening ${o.clients} SSE streams over ${W} workspaces…`);
    await pool.open(
      env.workspaces.map((ws) => ws.tokens),
      perWorkspace,
    );
    if (pool.stats.errors) note(`soak (${server}): ${pool.stats.errors} streams failed to open: ${pool.stats.firstError}`);

    const lags: number[] = [];
    let lastSend = 0;
    let n = 0;
    const next = soakDeliveries(env.workspaces, (w, seq) => {
      const now = performance.now();
      lags.push(now - (start + (n * 1000) / o.rate));
      n++;
      lastSend = now;
      sentTimes[w]![seq] = now;
      sent[w] = seq + 1;
    });
    const t = target(child.port, 256);
    const memory: SoakResult['memory'] = server === 'hearken-server' ? { warm: readMemory(pid), end: readMemory(pid), peakRssMiB: 0, series: [] } : undefined;
    const cpu0 = readCpuSec(pid);
    let atEnd = { t: 0, cpu: 0, frames: 0 };
    start = performance.now();
    measuredFrom = start + o.warmupMs;
    const timers = [
      setTimeout(() => memory && (memory.warm = readMemory(pid)), o.warmupMs),
      // "At the end": the last half second of the load, under the same traffic as the warm-up sample.
      setTimeout(
        () => {
          if (memory) memory.end = readMemory(pid);
          atEnd = { t: performance.now(), cpu: readCpuSec(pid), frames: pool.stats.received };
        },
        Math.max(o.warmupMs, totalMs - 500),
      ),
    ];
    const sampler = setInterval(() => {
      const m = readMemory(pid);
      if (memory) {
        memory.series.push(Math.round(m.rssMiB));
        memory.peakRssMiB = Math.max(memory.peakRssMiB, m.rssMiB);
      }
      const secs = (performance.now() - start) / 1000;
      note(
        `soak (${server}): ${secs.toFixed(0)} s, ${n} sent (${(n / secs).toFixed(0)}/s), ${pool.stats.received} frames received, ${pool.owed(sent)} owed, RSS ${m.rssMiB.toFixed(0)} MiB, ${pool.stats.errors} stream errors`,
      );
    }, 5_000);
    const load = await openLoop(t, { rate: o.rate, durationMs: o.durationMs, warmupMs: o.warmupMs, next, settleMs: o.drainMs / 2 });
    const loadEnd = lastSend;
    const serverCores = (atEnd.cpu - cpu0) / ((atEnd.t - start) / 1000);
    for (const x of timers) clearTimeout(x);
    t.agent.destroy();

    // Let the streams catch up: stop when nothing is owed, after 10 s without progress, or after
    // drainMs in all (a server that fans out slower than the load arrives would take hours).
    let owed = pool.owed(sent);
    let progressAt = performance.now();
    while (owed > 0 && performance.now() - progressAt < 10_000 && performance.now() - loadEnd < o.drainMs) {
      await sleep(100);
      const now = pool.owed(sent);
      if (now < owed) progressAt = performance.now();
      owed = now;
    }
    clearInterval(sampler);
    const drainSec = (performance.now() - loadEnd) / 1000;
    const sendSec = (lastSend - start) / 1000;
    return {
      server,
      sent: n,
      framesPerSec: atEnd.frames / ((atEnd.t - start) / 1000),
      framesAsked: env.workspaces.reduce((a, ws, w) => a + ws.tokens.length * sent[w]!, 0),
      // n requests span n intervals when on schedule (the last one leaves at (n − 1)/rate).
      achievedRate: n / (sendSec + 1 / o.rate),
      sendLagP99: percentile(lags, 99),
      sendLagMax: percentile(lags, 100),
      webhookErrors: load.errors + (load.warmupErrors ?? 0),
      unanswered: load.unanswered ?? 0,
      firstWebhookError: load.firstError,
      ackP50: percentile(load.latencies, 50),
      ackP99: percentile(load.latencies, 99),
      delivery: { p50: latency.percentile(50), p99: latency.percentile(99), max: latency.max, samples: latency.count },
      sse: { ...pool.stats },
      missing: pool.missing(sent),
      drainSec,
      memory,
      serverCores,
    };
  } finally {
    pool.close();
    await child.stop();
  }
}

/** VmRSS and its anonymous / file-backed parts (SQLite's mmap of the growing database is file-backed). */
function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, anonMiB: kb('RssAnon') / 1024, fileMiB: kb('RssFile') / 1024 };
}

/** User + system CPU seconds the process has used (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
function readCpuSec(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Spreads `clients` over `workspaces` as evenly as possible. */
export function spread(clients: number, workspaces: number): number[] {
  return Array.from({ length: workspaces }, (_, w) => Math.floor(clients / workspaces) + (w < clients % workspaces ? 1 : 0));
}

export { createSoakEnv };
