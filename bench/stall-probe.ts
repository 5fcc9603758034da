import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { createChannel } from '../src/channel-admin/create-channel.js';
import { loadConfig } from '../src/config/index.js';
import { journalDelivery } from '../src/intake/journal.js';
import { processJournalBatch } from '../src/intake/processor.js';
import { migrate, openStore } from '../src/store/db.js';
import { createWorkspace } from '../src/workspaces/create-workspace.js';

/**
 * `tsx bench/stall-probe.ts [events] [deliveries]`: in-process, on a fresh SQLite file, journals
 * `deliveries` deliveries of `events` events each and drains them with the intake processor while
 * a 1 ms timer measures how long the event loop was held at a time — the longest wait a webhook
 * arriving meanwhile would have before it could even be read. Steadier than ack latency on a
 * shared machine (no HTTP, no second process), though still inflated when other processes take the CPU.
 */
const events = Number(process.argv[2] ?? 1000);
const deliveries = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-stall-'));
const config = loadConfig({
  HEARKEN_DATA_DIR: dir,
  HEARKEN_DATABASE_URL: `sqlite:${path.join(dir, 'h.db')}`,
  HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
  HEARKEN_DEMO: 'false',
  HEARKEN_LOG_LEVEL: 'warn',
});
const store = openStore(config.db);
await migrate(store);
const app = createApp(config, store, new Map());
const now = Date.now();
const ws = await createWorkspace(store.db, { name: 'Probe', ownerEmail: 'o@probe.example', ownerName: 'O', password: 'probe-password-1', now });
const ch = await createChannel(app, { workspaceId: ws.workspaceId, type: 'api', name: 'Probe' });
for (let d = 0; d < deliveries; d++) {
  const body = JSON.stringify({
    events: Array.from({ length: events }, (_, i) => ({
      type: 'message',
      id: `p-${d}-${i}`,
      from: { id: `c-${(d * events + i) % 700}`, name: 'C' },
      text: `message ${i} of delivery ${d}, with a few words to index`,
    })),
  });
  await journalDelivery(store.db, { workspaceId: ws.workspaceId, channelId: ch.id, headers: {}, body, receivedAt: now });
}
const stalls: number[] = [];
let last = performance.now();
const timer = setInterval(() => {
  const t = performance.now();
  stalls.push(t - last);
  last = t;
}, 1);
const t0 = performance.now();
let calls = 0;
const durations: number[] = [];
const cpu: number[] = [];
for (;;) {
  const c0 = performance.now();
  const u0 = process.cpuUsage();
  const k = await processJournalBatch(app);
  const u = process.cpuUsage(u0);
  cpu.push((u.user + u.system) / 1000);
  durations.push(performance.now() - c0);
  if (!k) break;
  calls++;
}
if (process.env.PROBE_VERBOSE) console.log('batch ms:', durations.map((d) => d.toFixed(0)).join(' '), '\ncpu ms:', cpu.map((d) => d.toFixed(0)).join(' '));
cpu.sort((a, b) => a - b);
const elapsed = performance.now() - t0;
clearInterval(timer);
stalls.sort((a, b) => a - b);
const n = (
  await store.db
    .selectFrom('messages')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
).n;
const q = (p: number) => stalls[Math.min(stalls.length - 1, Math.floor((p / 100) * stalls.length))]!.toFixed(1);
console.log(
  `${deliveries} × ${events} events: ${n} messages in ${(elapsed / 1000).toFixed(2)} s over ${calls} batches (${Math.round((Number(n) / elapsed) * 1000)} events/s); event loop held p50 ${q(50)} ms, p99 ${q(99)} ms, max ${stalls.at(-1)!.toFixed(1)} ms; CPU per batch median ${cpu[cpu.length >> 1]!.toFixed(1)} ms, max ${cpu.at(-1)!.toFixed(1)} ms`,
);
await app.bus.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
