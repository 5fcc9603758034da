import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * An online, consistent copy of the embedded database: `VACUUM INTO` on a connection of its own,
 * in a worker thread.
 *
 * Why VACUUM INTO rather than better-sqlite3's `db.backup()` (SQLite's online backup API): the
 * backup API copies pages in steps and starts over whenever another connection writes meanwhile,
 * so under steady webhook traffic from the server process a backup taken by the CLI may never
 * finish. VACUUM INTO reads everything inside one read transaction — in WAL mode that is a
 * snapshot that never blocks the writer nor is disturbed by it — and writes a compact file
 * (freed pages dropped). The price is that checkpoints cannot pass the snapshot while it runs, so
 * the WAL grows for that long; it shrinks again afterwards. The thread keeps the server's event
 * loop free: better-sqlite3 is synchronous, and a long VACUUM on the main thread would stall acks.
 *
 * The copy is then checked (`PRAGMA quick_check`) and its applied migrations read back.
 */
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const run = () => {
  if (workerData.from) {
    const src = new Database(workerData.from, { readonly: true, fileMustExist: true });
    try {
      src.pragma('busy_timeout = 10000');
      src.prepare('VACUUM INTO ?').run(workerData.file);
    } finally { src.close(); }
  }
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check').map((r) => r.quick_check);
    let migrations = [];
    try { migrations = db.prepare('SELECT name FROM hearken_migrations ORDER BY name').all().map((r) => r.name); } catch {}
    return { ok: check.length === 1 && check[0] === 'ok', problems: check.slice(0, 5), migrations };
  } finally { db.close(); }
};
try { parentPort.postMessage({ result: run() }); }
catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

export interface SqliteCheck {
  ok: boolean;
  /** quick_check's first complaints when not ok. */
  problems: string[];
  migrations: string[];
}

function inWorker(data: { from?: string; file: string }): Promise<SqliteCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { ...data, driver: driverPath } });
    worker.once('message', (m: { result?: SqliteCheck; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.result!)));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the SQLite snapshot thread exited with ${code}`)));
  });
}

/** Writes a consistent copy of `from` to `to` (which must not exist) and checks it. */
export const snapshotSqlite = (from: string, to: string) => inWorker({ from, file: to });

/** Checks a database file without changing it (a restore's staged copy). */
export const checkSqliteFile = (file: string) => inWorker({ file });
