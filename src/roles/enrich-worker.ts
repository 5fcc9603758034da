import type { App } from '../app.js';
import { enrichPending } from '../enrich/enrich-pending.js';
import { log } from '../lib/log.js';

/** Analyses new customer messages shortly after intake stores them (see enrich/enrich-pending.ts). */
export function startEnrichWorker(app: App): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  const unsubscribe = app.bus.subscribe('__journal__', () => wake?.());
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        n = await enrichPending(app);
      } catch (err) {
        log.error('enrich worker error', { err: String(err) });
      }
      if (n === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, app.config.workerPollMs);
          wake = () => {
            clearTimeout(timer);
            // Intake needs a moment to thread what was just journaled.
            setTimeout(resolve, 20);
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
