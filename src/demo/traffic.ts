import { randomBytes } from 'node:crypto';
import type { App } from '../app.js';
import { loadChannel } from '../channels/load-channel.js';
import { log } from '../lib/log.js';
import { DemoRun } from './demo-run.js';
import { postSigned } from './post-signed.js';
import { setDemoBaseUrl, stopDemoTimers } from './registry.js';

/** Conversations posted at once on start, so the queue is not empty on first look. */
export const DEMO_BURST = 12;
const SERVER_WAIT_MS = 30_000;

export interface DemoTrafficOptions {
  channelId: string;
  /** Where this process's HTTP server answers, e.g. http://127.0.0.1:3000 (the webhook is under it). */
  baseUrl: string;
  intervalMs: number;
}

/**
 * Plays scripted customer conversations into the demo channel through the same door real traffic
 * uses: HMAC-signed POSTs to /webhooks/<channelId>. One step every intervalMs (±50 % jitter).
 * Failures are logged and the timer goes on. Returns a stop function that waits for the step in
 * flight and cancels pending demo receipts.
 */
export function startDemoTraffic(app: App, opts: DemoTrafficOptions): () => Promise<void> {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const webhook = `${baseUrl}/webhooks/${opts.channelId}`;
  // Ids must differ from any earlier run's: the receiver drops a message id it has already seen.
  const runId = `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  setDemoBaseUrl(opts.channelId, baseUrl);

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let secret: string | undefined;
  let failing = false;

  const post = async (event: unknown): Promise<boolean> => {
    if (stopped) return false;
    secret ??= await loadSecret(app, opts.channelId);
    if (!secret) {
      if (!failing) log.warn('demo traffic: channel missing or without signing secret', { channelId: opts.channelId });
      failing = true;
      return false;
    }
    const r = await postSigned(webhook, secret, event, app.now());
    // One line per outage, not one per tick.
    if (!r.ok && !failing) log.warn('demo traffic: delivery refused', { channelId: opts.channelId, status: r.status, error: r.error });
    if (r.ok && failing) log.info('demo traffic: deliveries accepted again', { channelId: opts.channelId });
    failing = !r.ok;
    // The secret may have been rotated: read it again next time.
    if (r.status === 401) secret = undefined;
    return r.ok;
  };

  const run = new DemoRun({ channelId: opts.channelId, runId, now: () => app.now(), post });

  const guarded = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      log.error(`demo traffic: ${what} failed`, { channelId: opts.channelId, err: String(err) });
    }
  };

  const schedule = () => {
    if (stopped) return;
    const delay = Math.max(10, Math.round(opts.intervalMs * (0.5 + Math.random())));
    timer = setTimeout(() => {
      inflight = guarded('step', () => run.step()).finally(schedule);
    }, delay);
    timer.unref();
  };

  let inflight: Promise<void> = guarded('start', async () => {
    await waitForServer(baseUrl, () => stopped);
    if (stopped) return;
    log.info('demo traffic started', { channelId: opts.channelId, runId, intervalMs: opts.intervalMs });
    await run.burst(DEMO_BURST);
  }).finally(schedule);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await inflight;
    stopDemoTimers(opts.channelId);
  };
}

async function loadSecret(app: App, channelId: string): Promise<string | undefined> {
  const ch = await loadChannel(app.store.db, app.config, channelId);
  return ch?.secrets.signingSecret;
}

/** The demo may start before the HTTP server listens (main.ts starts roles in order). */
async function waitForServer(baseUrl: string, isStopped: () => boolean) {
  const until = Date.now() + SERVER_WAIT_MS;
  while (!isStopped() && Date.now() < until) {
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.text().catch(() => '');
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
