import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { buildHttp } from '../../src/http/server.js';
import { listen } from '../../src/http/listen.js';
import { setLogLevel } from '../../src/lib/log.js';
import { startEmbeddedWorker } from '../../src/processes/embedded-worker.js';
import { startIntakeWorker } from '../../src/processes/intake-worker.js';
import { startReactorWorker } from '../../src/processes/reactor-worker.js';
import { startEnrichWorker } from '../../src/processes/enrich-worker.js';
import { startJobWorker } from '../../src/processes/job-worker.js';
import { startRollupWorker } from '../../src/processes/rollup-worker.js';
import { migrate, openStore } from '../../src/store/db.js';
import { joinThreads } from '../../src/store/threads.js';
import { attachIntakeSpool } from '../../src/intake/spool/writer.js';

/**
 * Hearken as the bench runs it: one process with the web and worker roles on an embedded SQLite
 * file, configured from the environment the parent passes (HEARKEN_DATABASE_URL=sqlite:…,
 * HEARKEN_SECRET_KEY, HEARKEN_DATA_DIR). Like src/main.ts for HEARKEN_ROLES=web,worker: the worker
 * role on a thread of its own (HEARKEN_WORKER_THREAD, default true; every worker loop, triage
 * included), minus the scheduler and demo bootstrap, which do nothing for inbound traffic. With
 * HEARKEN_WORKER_THREAD=false, intake and the reactors run on this one event loop (the figures
 * before the thread). It listens on 127.0.0.1, port 0, and tells the parent its port over IPC.
 */
const config = { ...loadConfig(), host: '127.0.0.1', port: 0, demo: false };
setLogLevel(config.logLevel);
const store = openStore(config.db);
await migrate(store);
// HEARKEN_BENCH_NO_WORKER=1 leaves the journal unprocessed: the receiver alone (for profiling).
const noWorker = Boolean(process.env.HEARKEN_BENCH_NO_WORKER);
const threaded = !noWorker && config.workerThread && store.file !== undefined;
const threads = threaded ? joinThreads(store) : null;
const app = createApp(config, store, new Map());
await app.bus.listen();
// On a thread of its own (embedded default), the worker role runs every loop main.ts runs for it.
// On one thread, the reactors run beside intake as in a worker process: the metric-rollup marks
// that intake once wrote inside its own transactions are the rollup reactor's work now, so it is
// measured too. HEARKEN_BENCH_FULL_WORKER=1 runs every worker loop main.ts runs for
// HEARKEN_ROLES=web,worker (jobs, triage, rollups too): what automation rules need.
if (threads) attachIntakeSpool(app);
const workers = noWorker
  ? []
  : threads
    ? [startEmbeddedWorker('http://127.0.0.1:0', threads.turns)]
    : process.env.HEARKEN_BENCH_FULL_WORKER
      ? [startIntakeWorker(app), startJobWorker(app), startEnrichWorker(app), startRollupWorker(app), startReactorWorker(app)]
      : [startIntakeWorker(app), startReactorWorker(app)];
const stopWorker = async () => {
  await Promise.all(workers.map((stopOne) => stopOne()));
};
const server = listen(app, buildHttp(app), { port: 0, hostname: '127.0.0.1' }, (info) => process.send?.({ ready: true, port: info.port }));

async function stop() {
  // Live SSE streams (the soak) would otherwise hold close() open until the parent's kill timer.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stopWorker();
  await app.bus.close();
  await store.close();
  process.exit(0);
}
process.on('message', (m: { stop?: boolean }) => {
  if (m?.stop) void stop();
});
process.on('disconnect', () => void stop());
