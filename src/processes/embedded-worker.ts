import type { Worker } from 'node:worker_threads';
import { log } from '../lib/log.js';
import { startTsWorker } from '../lib/ts-worker.js';
import type { WriteTurns } from '../store/write-turns.js';

/**
 * Embedded mode's second core. With SQLite, the web and worker roles used to share one event loop:
 * every acknowledgement and every live-stream frame waited behind intake's transactions, the
 * reactors and the jobs, and one process could not keep up with 1,000 deliveries/s and 500 live
 * streams (issue 17, the soak). The worker role now runs on a thread of its own, with its own
 * connection to the file (worker-thread.ts); the web thread keeps the receiver, the API, the
 * streams and the scheduler. A thread that dies is started again: the journal and the job queue
 * keep what it was doing, as they would across a process crash.
 */
export function startEmbeddedWorker(webUrl: string, turns: WriteTurns): () => Promise<void> {
  let worker: Worker | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const start = () => {
    const w = startTsWorker(new URL('./worker-thread.ts', import.meta.url), { name: 'hearken-worker', workerData: { webUrl, turns: turns.shared } });
    worker = w;
    w.on('message', (m) => {
      if (m === 'ready') failures = 0;
    });
    w.on('error', (err) => log.error('worker thread failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
    const id = w.threadId;
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      // Its connection closed with it; a write turn it held must not keep the web thread waiting.
      turns.releaseFor(id);
      if (stopping) return;
      failures++;
      // At most one start a second, then backing off: a thread that cannot start must not spin.
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5));
      log.error('worker thread exited; starting it again', { code, inMs: delay });
      restartTimer = setTimeout(start, delay);
    });
  };
  start();

  return async () => {
    stopping = true;
    clearTimeout(restartTimer);
    const w = worker;
    if (!w) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => void w.terminate().then(() => resolve()), 10_000);
      w.on('exit', () => {
        clearTimeout(done);
        resolve();
      });
      w.on('message', (m) => m === 'stopped' && void w.terminate());
      w.postMessage('stop');
    });
  };
}
