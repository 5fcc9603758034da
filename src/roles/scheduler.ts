import type { App } from '../app.js';
import { purgeExpired } from '../auth/purge-expired.js';
import { wakeSnoozed } from '../conversations/wake-snoozed.js';
import { log } from '../lib/log.js';

/** Time-driven work: snoozes ending, housekeeping. Every tick is idempotent, so any number of schedulers may run. */
export function startScheduler(app: App, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    running = (async () => {
      await wakeSnoozed(app);
      if (ticks % 60 === 1) await purgeExpired(app);
    })().catch((err) => log.error('scheduler tick failed', { err: String(err) }));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
