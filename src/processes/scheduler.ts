import type { App } from '../app.js';
import { purgeExpired } from '../auth/purge-expired.js';
import { wakeSnoozed } from '../conversations/wake-snoozed.js';
import { log } from '../lib/log.js';
import { createPoller } from './pollers.js';
import { createListeningPoller } from '../listening/sources/poll-source.js';
import { startXStreams } from '../listening/sources/x-stream/stream.js';
import { planScheduledBackup } from '../backup/scheduled-backup.js';
import { planRetention } from '../retention/retention-job.js';
import { scanTimeRules } from '../rules/time-scan.js';

/** Time-driven work: snoozes ending, polling channels, housekeeping, planning scheduled backups and retention runs. Every tick is idempotent, so any number of schedulers may run. */
export function startScheduler(app: App, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let ticks = 0;
  const poll = createPoller(app);
  // Listening sources poll on their own lane: a slow feed or a Jetstream listen must not hold up snoozes.
  const listen = createListeningPoller(app);
  let listening: Promise<unknown> | null = null;
  // X filtered streams are long-lived connections in the same lane, one per active x_stream source.
  const streams = startXStreams(app);
  const timer = setInterval(() => {
    ticks++;
    listening ??= listen()
      .catch((err) => log.error('listening poll failed', { err: String(err) }))
      .finally(() => (listening = null));
    running = (async () => {
      await wakeSnoozed(app);
      await poll();
      // Time-based automation rules (src/rules/time-scan.ts): every 30 s is finer than their minutes.
      if (ticks % 6 === 1) await scanTimeRules(app);
      if (ticks % 60 === 1) await purgeExpired(app);
      // Once a minute is plenty: the job plans its own successor; this only starts the chain and follows config changes.
      if (ticks % 12 === 1) await planScheduledBackup(app);
      if (ticks % 12 === 1) await planRetention(app);
    })().catch((err) => log.error('scheduler tick failed', { err: String(err) }));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
    await listening;
    await streams.stop();
  };
}
