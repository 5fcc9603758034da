import { sql } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../db.js';
import { joinThreads } from '../threads.js';

/**
 * A thread that writes back to back, as the worker thread does while a big delivery is processed:
 * one transaction after another on its own connection to the file, each holding the lock ~2 ms.
 * write-turns.test.ts counts its commits (slot 0 of `commits`) while the main thread waits to write.
 */
const { file, turns, commits, withTurns } = workerData as { file: string; turns: SharedArrayBuffer; commits: SharedArrayBuffer; withTurns: boolean };
const store = openStore({ kind: 'sqlite', file });
const threads = withTurns ? joinThreads(store, turns) : null;
const counter = new Int32Array(commits);
let running = true;
parentPort?.on('message', () => (running = false));
parentPort?.postMessage('ready');
while (running) {
  await store.db.transaction().execute(async (tx) => {
    await sql`INSERT INTO turns_test (who) VALUES ('worker')`.execute(tx);
    const until = performance.now() + 2;
    while (performance.now() < until) {
      /* holding the lock, as a transaction's work does */
    }
  });
  Atomics.add(counter, 0, 1);
  // As the worker's loops do between steps (and so that "stop" is heard).
  await new Promise((resolve) => setImmediate(resolve));
}
threads?.leave();
await store.close();
parentPort?.postMessage('stopped');
