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

export function startCheckpointer(file: string, intervalMs = 250): { stop(): Promise<void> } {
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
