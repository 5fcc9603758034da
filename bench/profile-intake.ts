import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { journalDelivery } from '../src/intake/journal.js';
import { processJournalBatch } from '../src/intake/processor.js';
import { migrate, openStore } from '../src/store/db.js';
import { createIntakeEnv } from './lib/intake-env.js';

/**
 * The intake processor alone, in this process, without HTTP: fills the journal with `count`
 * signed deliveries of `perPost` events, then drains it with processJournalBatch and prints CPU
 * µs per event (steadier than wall time on a shared machine). For profiling:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-intake.ts 50 400
 */
const perPost = Number(process.argv[2] ?? 50);
const count = Number(process.argv[3] ?? 200);

const env = await createIntakeEnv(process.env.BENCH_NETWORK === 'messenger' ? 'messenger' : 'api');
const config = loadConfig(env.env);
const store = openStore(config.db);
await migrate(store);
const app = createApp(config, store, new Map());
const next = env.deliveries(perPost);
const { workspace_id } = await store.db.selectFrom('channels').select('workspace_id').where('id', '=', env.channelId).executeTakeFirstOrThrow();
for (let i = 0; i < count; i++) {
  const r = next();
  await journalDelivery(store.db, { workspaceId: workspace_id, channelId: env.channelId, headers: r.headers, body: r.body, receivedAt: Date.now() });
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
while ((await processJournalBatch(app)) > 0);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// Counted in the database: a transaction may end in the middle of a delivery, so batches do not count deliveries.
const events = Number(
  (
    await store.db
      .selectFrom('messages')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
console.log(
  `${count} deliveries × ${perPost} = ${events} events: ${((cpu.user + cpu.system) / events) | 0} µs CPU/event, ${Math.round((events / wallMs) * 1000)} events/s wall`,
);
await app.bus.close();
await store.close();
env.cleanup();
