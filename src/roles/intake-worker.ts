import type { App } from '../app.js';
import { processJournalBatch } from '../intake/processor.js';
import { log } from '../lib/log.js';

/**
 * Drains the journal continuously: woken at once by the receiver in the same process, and by a
 * poll otherwise (other processes, or a missed wake-up). Returns a stop function that waits for
 * the batch in flight.
 */
export function startIntakeWorker(app: App): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  const unsubscribe = app.bus.subscribe('__journal__', () => wake?.());
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        n = await processJournalBatch(app);
      } catch (err) {
        log.error('intake worker error', { err: String(err) });
      }
      if (n === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, app.config.workerPollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    unsubscribe();
    await loop;
  };
}
