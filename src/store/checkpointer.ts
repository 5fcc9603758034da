import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Embedded mode's WAL checkpoints, off the event loop. A checkpoint copies the write-ahead log
 * back into the database file and fsyncs it; SQLite runs it inside whichever commit crosses
 * wal_autocheckpoint, and better-sqlite3 is synchronous, so that commit — and every webhook
 * waiting behind it — stalled for the copy and the fsync (bench/: over half of intake's commit
 * time). A worker thread with its own connection runs PASSIVE checkpoints instead, which never
 * block the writer or readers. The main connection keeps a high wal_autocheckpoint as a backstop,
 * so the log stays bounded even if this thread lags or dies.
 *
 * Every 50 ms: small, frequent checkpoints let the writer restart the log from its start often,
 * so commits overwrite log space already allocated instead of growing the file, and a commit
 * rarely waits on the file system behind this thread's fsync. At 1,000 single-message webhooks/s
 * (~10,000 log pages/s) commits over 10 ms went from ~10 to ~5 per 8 s and ack p99 from ~10–17
 * to ~7–8 ms against 250 ms (bench/server-cpu.ts; noisy, but consistently in that direction).
 * An idle database makes each tick a no-op.
 */
const SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: try again next time */ }
};
setInterval(tick, workerData.intervalMs);
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

export function startCheckpointer(file: string, intervalMs = 50): { stop(): Promise<void> } {
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver: driverPath, intervalMs } });
  // Never keeps the process alive; a failure only leaves checkpoints to the main connection.
  worker.unref();
  worker.on('error', () => {});
  return {
    async stop() {
      await worker.terminate();
    },
  };
}
