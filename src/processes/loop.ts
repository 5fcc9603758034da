import type { App } from '../app.js';
import { log } from '../lib/log.js';

/**
 * The shape every background worker shares: run `step` while it finds work; when it finds none,
 * sleep until a bus wake-up on `topic` (work created in this process) or the poll interval (work
 * from other processes, or a missed wake-up). Returns a stop function that waits for the step in flight.
 */
export function startLoop(app: App, o: { name: string; topic: string; step: () => Promise<number>; settleMs?: number }): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  // A wake-up that comes while a step runs may be for work that step read too early to see.
  let poked = false;
  const unsubscribe = app.bus.subscribe(o.topic, () => {
    poked = true;
    wake?.();
  });
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      poked = false;
      try {
        n = await o.step();
      } catch (err) {
        log.error(`${o.name} worker error`, { err: String(err) });
      }
      if (n > 0 || stopped || poked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, app.config.workerPollMs);
        wake = () => {
          clearTimeout(timer);
          if (o.settleMs) setTimeout(resolve, o.settleMs);
          else resolve();
        };
      });
      wake = null;
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    unsubscribe();
    await loop;
  };
}
