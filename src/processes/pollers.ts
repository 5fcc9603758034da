import type { App } from '../app.js';
import { unsealChannel } from '../channels/load-channel.js';
import { allAdapters } from '../channels/registry.js';
import { journalContext } from '../intake/journal.js';
import { log } from '../lib/log.js';
import { parseJson } from '../lib/json.js';
import type { ChannelTable } from '../store/schema.js';

type Poll = (app: App, ch: ChannelTable) => Promise<{ retryAfterMs?: number } | object>;

interface Plan {
  poll: Poll;
  /** Whether this channel is polled at all, and how often (ms). */
  everyMs(settings: Record<string, unknown>): number | null;
}

/** Channels that pull instead of (or besides) receiving webhooks: every adapter with a `poll`. Each poll journals what it fetched. */
export const pollPlans: Record<string, Plan> = Object.fromEntries(
  allAdapters().flatMap((a) => {
    if (!a.poll || !a.pollEveryMs) return [];
    const plan: Plan = { poll: (app, row) => a.poll!(journalContext(app), unsealChannel(row, app.config)), everyMs: (s) => a.pollEveryMs!(s) };
    return [[a.type, plan]];
  }),
);
/**
 * Runs due polls, one channel at a time, remembering when each is next due (and honouring a
 * network's Retry-After). Cursors live in the channel's settings, so a restart resumes where
 * the last poll stopped; two schedulers polling the same channel only cause duplicate fetches,
 * which intake's dedupe absorbs.
 */
export function createPoller(app: App, plans: Record<string, Plan> = pollPlans) {
  const nextDue = new Map<string, number>();
  return async function tick(): Promise<number> {
    const rows = await app.store.db.selectFrom('channels').selectAll().where('status', '=', 'active').where('type', 'in', Object.keys(plans)).execute();
    let ran = 0;
    for (const ch of rows) {
      const plan = plans[ch.type]!;
      const every = plan.everyMs(parseJson(ch.settings, {}));
      if (every === null || (nextDue.get(ch.id) ?? 0) > app.now()) continue;
      let delay = every;
      try {
        const r = await plan.poll(app, ch);
        if ('retryAfterMs' in r && typeof r.retryAfterMs === 'number') delay = Math.max(delay, r.retryAfterMs);
      } catch (err) {
        log.warn('poll failed', { channelId: ch.id, type: ch.type, err: String(err) });
      }
      nextDue.set(ch.id, app.now() + delay);
      ran++;
    }
    if (ran) app.bus.poke('__journal__');
    return ran;
  };
}
