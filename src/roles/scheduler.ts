import type { App } from '../app.js';
import { wakeSnoozed } from '../conversations/wake-snoozed.js';
import { log } from '../lib/log.js';

/** Time-driven work (snoozes ending; later SLA clocks and reports). Every tick is idempotent. */
export function startScheduler(app: App, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = wakeSnoozed(app).catch((err) => log.error('scheduler tick failed', { err: String(err) }));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
