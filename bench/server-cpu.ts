import { readdirSync, readFileSync } from 'node:fs';
import { startChild } from './lib/child.js';
import { openLoop, target } from './lib/http-load.js';
import { createIntakeEnv } from './lib/intake-env.js';
import { sleep } from './lib/stats.js';

/**
 * Server CPU per event (user + system, from /proc) for a steady load: steadier than latency or
 * throughput on a shared machine, so a change to intake's hot path can be judged while others
 * run. Prints CPU per thread too (main, V8/libuv helpers, the WAL checkpointer).
 *   tsx bench/server-cpu.ts [eventsPerPost=1] [rate=300] [seconds=10]
 * HEARKEN_BENCH_NO_WORKER=1: the receiver alone; BARE=1: the bare node:http handler (the ceiling).
 */
const perPost = Number(process.argv[2] ?? 1);
const rate = Number(process.argv[3] ?? 300);
const seconds = Number(process.argv[4] ?? 10);
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};
const threads = (pid: number) =>
  Object.fromEntries(
    readdirSync(`/proc/${pid}/task`).map((tid) => {
      const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
      const f = raw.split(') ')[1]!.split(' ');
      return [`${tid}:${name}`, { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 }];
    }),
  );
const env = await createIntakeEnv(process.env.BENCH_NETWORK === 'messenger' ? 'messenger' : 'api');
const child = await startChild(process.env.BARE ? 'bare-server' : 'hearken-server', env.env);
const t = target(child.port, 256);
const next = env.deliveries(perPost, 13);
await openLoop(t, { rate, durationMs: 3000, warmupMs: 0, next });
while (!process.env.HEARKEN_BENCH_NO_WORKER && env.pending() > 0) await sleep(20);
const c0 = cpuMs(child.proc.pid!);
const t0 = threads(child.proc.pid!);
const m0 = env.counts().messages;
const load = await openLoop(t, { rate, durationMs: seconds * 1000, warmupMs: 0, next });
while (!process.env.HEARKEN_BENCH_NO_WORKER && env.pending() > 0) await sleep(20);
await sleep(300);
const events = process.env.HEARKEN_BENCH_NO_WORKER ? load.sent * perPost : env.counts().messages - m0;
const used = cpuMs(child.proc.pid!) - c0;
const t1 = threads(child.proc.pid!);
for (const [k, v] of Object.entries(t1)) {
  const a = t0[k] ?? { user: 0, sys: 0 };
  const du = v.user - a.user,
    ds = v.sys - a.sys;
  if (du + ds > 0) console.log(`  ${k.padEnd(28)} user ${du} ms  sys ${ds} ms`);
}
const lat = load.latencies.sort((a, b) => a - b);
console.log(
  `${perPost}/post @${rate}/s: ${events} events, server ${Math.round((used * 1000) / events)} µs CPU/event, ack p50 ${lat[lat.length >> 1]?.toFixed(1)} p99 ${lat[Math.floor(lat.length * 0.99)]?.toFixed(1)} ms`,
);
t.agent.destroy();
await child.stop();
env.cleanup();
