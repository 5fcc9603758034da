import { createSoakEnv, soak, spread, type SoakOptions, type SoakResult } from './figures/soak.js';
import { figure, type Report } from './lib/report.js';
import { note } from './lib/stats.js';

/**
 * `npm run bench -- --only=soak [--soak-seconds=300]`: Hearken under `clients` live SSE streams
 * and `rate` webhook deliveries/s for a warm-up and then `seconds`, beside the bare SSE fan-out
 * server fed the same way (the ceiling, for at most 60 s: its figures are flat). Fails — `failures`
 * non-empty — on any error, any event missing, duplicated or delivered to the wrong workspace, or
 * resident memory at the end more than 10 % above the after-warm-up figure.
 */
export async function runSoakBench(o: { seconds: number; warmupSeconds: number; rate: number; clients: number; workspaces: number }) {
  const base = { workspaces: o.workspaces, clients: o.clients, channelsPerWorkspace: 2, rate: o.rate, drainMs: 60_000 };
  const env = await createSoakEnv({ workspaces: o.workspaces, channelsPerWorkspace: 2, clientsPerWorkspace: spread(o.clients, o.workspaces) });
  let h: SoakResult;
  let b: SoakResult;
  try {
    const hOpts: SoakOptions = { ...base, warmupMs: o.warmupSeconds * 1000, durationMs: o.seconds * 1000 };
    note(
      `soak: ${o.clients} SSE clients over ${o.workspaces} workspaces, ${o.rate} deliveries/s for ${o.warmupSeconds} s warm-up + ${o.seconds} s, against Hearken…`,
    );
    h = await soak('hearken-server', hOpts, env);
    note('soak ceiling: the bare SSE fan-out server, same clients and generator…');
    b = await soak('bare-sse-server', { ...base, warmupMs: Math.min(10, o.warmupSeconds) * 1000, durationMs: Math.min(60, o.seconds) * 1000 }, env);
  } finally {
    env.cleanup();
  }

  const mem = h.memory!;
  const growth = mem.end.rssMiB / mem.warm.rssMiB - 1;
  const failures: string[] = [];
  const errors = h.webhookErrors + h.sse.errors;
  if (errors)
    failures.push(
      `${errors} errors (${h.webhookErrors} webhook, of which ${h.unanswered} unanswered 30 s after the last send; ${h.sse.errors} stream; first: ${h.firstWebhookError ?? h.sse.firstError})`,
    );
  if (h.missing) failures.push(`${h.missing} (event, client) pairs never delivered`);
  if (h.sse.duplicates || h.sse.misdelivered || h.sse.outOfOrder)
    failures.push(`${h.sse.duplicates} duplicates, ${h.sse.misdelivered} frames of another workspace, ${h.sse.outOfOrder} ids out of order`);
  if (growth > 0.1) failures.push(`resident memory grew ${(growth * 100).toFixed(1)} % (${mem.warm.rssMiB.toFixed(0)} → ${mem.end.rssMiB.toFixed(0)} MiB)`);
  const kept = h.achievedRate >= 0.98 * o.rate;
  if (!kept)
    note(
      `soak: the generator could not keep ${o.rate} deliveries/s: it achieved ${h.achievedRate.toFixed(0)}/s (release lag p99 ${h.sendLagP99.toFixed(0)} ms)`,
    );

  const pairs = (r: SoakResult) => `${r.sse.received} of ${r.sse.received + r.missing} (event, client) pairs delivered`;
  const checks =
    `${h.sent} deliveries in ${(o.warmupSeconds + o.seconds).toFixed(0)} s, ${errors} errors, ${pairs(h)} (missing ${h.missing}, duplicates ${h.sse.duplicates}, wrong workspace ${h.sse.misdelivered}, out of order ${h.sse.outOfOrder}), ` +
    `streams ${h.missing ? 'still behind' : 'caught up'} ${h.drainSec.toFixed(1)} s after the last send; server used ${h.serverCores?.toFixed(2)} cores`;
  const shape = `${o.clients} SSE clients (API tokens, one socket each) over ${o.workspaces} workspaces × 2 API channels, open loop ${o.rate} signed single-event deliveries/s, ${o.warmupSeconds} s warm-up + ${o.seconds} s measured`;
  const ceiling = `ceiling = a bare node:http server fanning the same POSTs out as SSE frames to the same clients (${Math.min(10, o.warmupSeconds) + Math.min(60, o.seconds)} s; ${pairs(b)}, ${b.webhookErrors + b.sse.errors} errors)`;
  const figures: Report = {
    soak_delivery_p50_ms: figure(
      h.delivery.p50,
      'ms',
      b.delivery.p50,
      `webhook sent → frame received, over ${h.delivery.samples} (event, client) pairs after the warm-up (max ${h.delivery.max.toFixed(0)} ms); ${shape}; ${ceiling}`,
    ),
    soak_delivery_p99_ms: figure(h.delivery.p99, 'ms', b.delivery.p99, `as soak_delivery_p50_ms; ${checks}`),
    soak_ack_p99_ms: figure(
      h.ackP99,
      'ms',
      b.ackP99,
      `webhook acknowledgement, from its scheduled send, after the warm-up (p50 ${h.ackP50.toFixed(1)} ms; ceiling p50 ${b.ackP50.toFixed(1)} ms) while the streams are served`,
      { target: 20 },
    ),
    soak_rss_end_mib: figure(
      mem.end.rssMiB,
      'MiB',
      mem.warm.rssMiB,
      `Hearken's VmRSS in the last half second of the load; ceiling = its VmRSS after the ${o.warmupSeconds} s warm-up (target: within 10 %). Anonymous ${mem.warm.anonMiB.toFixed(0)} → ${mem.end.anonMiB.toFixed(0)} MiB, file-backed ${mem.warm.fileMiB.toFixed(0)} → ${mem.end.fileMiB.toFixed(0)} MiB; peak ${mem.peakRssMiB.toFixed(0)} MiB; every 5 s: ${mem.series.join(' ')}`,
      { target: Math.round(mem.warm.rssMiB * 1.1) },
    ),
    soak_frames_per_s: figure(
      h.framesPerSec,
      'frames/s',
      b.framesPerSec,
      `message frames the ${o.clients} clients received per second while the load ran (the load calls for ${Math.round(h.framesAsked / (o.warmupSeconds + o.seconds || 1))}/s: every event × the clients of its workspace); ceiling = the same through the bare fan-out server`,
    ),
    soak_deliveries_per_s: figure(
      h.achievedRate,
      'deliveries/s',
      b.achievedRate,
      `what the generator achieved against Hearken (asked: ${o.rate}/s; release lag p99 ${h.sendLagP99.toFixed(1)} ms, max ${h.sendLagMax.toFixed(0)} ms${kept ? '' : ' — the generator could NOT keep the asked rate'}); ceiling = what it achieved against the bare server`,
      { target: o.rate },
    ),
  };
  return { figures, failures };
}
