import { parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../app.js';
import { loadConfig } from '../config/index.js';
import { openDemoCallback } from '../demo/start-demo.js';
import { log, setLogLevel } from '../lib/log.js';
import { defaultSenders } from '../outbox/default-senders.js';
import { openStore } from '../store/db.js';
import { joinThreads } from '../store/threads.js';
import { startWorkerRole } from './worker-role.js';
import { lowerThisThreadPriority } from './thread-priority.js';

/**
 * The worker thread of an embedded process (embedded-worker.ts): the same configuration, its own
 * connection to the same SQLite file (migrated by the web thread before it started this one), and
 * the worker role's loops. Writes take turns with the web thread's and wake-ups cross between the
 * threads (store/threads.ts).
 */
const config = loadConfig();
if (config.workerThreadNice > 0) lowerThisThreadPriority(config.workerThreadNice);
setLogLevel(config.logLevel);
const store = openStore(config.db);
const { webUrl, turns } = workerData as { webUrl: string; turns: SharedArrayBuffer };
// Throws unless the store is an embedded database file: the thread is for embedded mode only.
const threads = joinThreads(store, turns);
const app = createApp(config, store, defaultSenders());
await app.bus.listen();
openDemoCallback(app, webUrl);
const stops = startWorkerRole(app);
log.info('worker thread started', { file: store.file });

parentPort?.on('message', async (m: unknown) => {
  if (m !== 'stop') return;
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await app.bus.close();
  threads.leave();
  await store.close();
  parentPort?.postMessage('stopped');
});
parentPort?.postMessage('ready');
