import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/index.js';
import { buildHttp } from './http/server.js';
import { listen } from './http/listen.js';
import { log, setLogLevel } from './lib/log.js';
import { defaultSenders } from './outbox/default-senders.js';
import { migrate, openStore } from './store/db.js';
import { bootstrap } from './processes/bootstrap.js';
import { openDemoCallback, startDemo } from './demo/start-demo.js';
import { startScheduler } from './processes/scheduler.js';
import { startWorkerRole } from './processes/worker-role.js';
import { startEmbeddedWorker } from './processes/embedded-worker.js';
import { joinThreads } from './store/threads.js';
import { attachIntakeSpool } from './intake/spool/writer.js';

/** Starts the roles this process is configured for (HEARKEN_ROLES): web, worker, scheduler. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  setLogLevel(config.logLevel);
  const store = openStore(config.db);
  await migrate(store);
  const webUrl = `http://127.0.0.1:${config.port}`;
  // Embedded mode with web and worker here: the worker gets a thread (and a core) of its own.
  const threaded = config.workerThread && store.file !== undefined && config.roles.includes('web') && config.roles.includes('worker');
  const stops: Array<() => Promise<void>> = [];
  const threads = threaded ? joinThreads(store) : null;
  if (threads) stops.push(async () => threads.leave());
  const app = createApp(config, store, defaultSenders());
  await app.bus.listen();
  // Replies to demo customers go to this machine's web role (startDemo points the demo channel there).
  openDemoCallback(app, webUrl);

  if (threads) {
    // Acknowledgements append to a file the worker thread drains: no wait for the write lock.
    stops.push(attachIntakeSpool(app));
    stops.push(startEmbeddedWorker(webUrl, threads.turns));
  } else if (config.roles.includes('worker')) stops.push(...startWorkerRole(app));
  if (config.roles.includes('scheduler')) stops.push(startScheduler(app));
  if (config.roles.includes('scheduler') || config.roles.includes('web')) stops.push(...(await bootstrap(app)));
  if (config.roles.includes('web')) {
    const http = buildHttp(app);
    const server = listen(app, http, { port: config.port, hostname: config.host }, (info) => {
      log.info('hearken is listening', { url: `http://localhost:${info.port}`, dialect: store.dialect.name, roles: config.roles });
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    // Demo traffic goes through the real webhook path of this very server (does nothing when HEARKEN_DEMO=false).
    stops.push(...(await startDemo(app, webUrl)));
  }

  const shutdown = async (signal: string) => {
    log.info('shutting down', { signal });
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await app.bus.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  log.error('fatal', { err: err?.stack ?? String(err) });
  process.exit(1);
});
