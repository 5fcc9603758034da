import type { App } from '../app.js';
import { purgeExpired } from '../auth/purge-expired.js';
import { wakeSnoozed } from '../conversations/wake-snoozed.js';
import { log } from '../lib/log.js';
import { createPoller } from './pollers.js';

/** Time-driven work: snoozes ending, polling channels, housekeeping. Every tick is idempotent, so any number of schedulers may run. */
export function startScheduler(app: App, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let ticks = 0;
  const poll = createPoller(app);
  const timer = setInterval(() => {
    ticks++;
    running = (async () => {
      await wakeSnoozed(app);
      await poll();
      if (ticks % 60 === 1) await purgeExpired(app);
    })().catch((err) => log.error('scheduler tick failed', { err: String(err) }));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
