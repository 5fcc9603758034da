import type { App } from '../app.js';
import { loadFacts } from './compute-metrics.js';
import { median, ratio } from './stats.js';

/** Meta's "very responsive" badge: over the last 7 days, ≥ 90 % answered and ≤ 15 min to answer. */
export const RESPONSIVE = { windowMs: 7 * 86_400_000, minResponseRate: 0.9, maxResponseSeconds: 15 * 60 } as const;
/** The channel types Meta shows the badge on (the rule is computed for every channel). */
const META_BADGE_TYPES = new Set(['messenger', 'instagram']);

/**
 * Applies Meta's badge rule per channel to the customer cycles that started in the last 7 days:
 * response rate = answered / all; response time = median first response in BUSINESS time (away
 * hours excluded); bot and automation replies never count as answers. Says what is missing.
 */
export async function checkResponsiveness(app: App, input: { workspaceId: string }) {
  const now = app.now();
  const from = now - RESPONSIVE.windowMs;
  const facts = (await loadFacts(app, { workspaceId: input.workspaceId, from, to: now, filters: {} })).filter((c) => c.start >= from && c.start < now);
  const channels = await app.store.db
    .selectFrom('channels')
    .select(['id', 'name', 'type', 'status'])
    .where('workspace_id', '=', input.workspaceId)
    .orderBy('created_at')
    .execute();
  return {
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    rule: { minResponseRate: RESPONSIVE.minResponseRate, maxMedianResponseSeconds: RESPONSIVE.maxResponseSeconds, days: 7, time: 'business' as const },
    channels: channels.map((ch) => {
      const cycles = facts.filter((c) => c.channelId === ch.id);
      const answered = cycles.filter((c) => c.firstResponse);
      const rate = ratio(answered.length, cycles.length);
      const med = median(answered.map((c) => c.firstResponse!.biz / 1000));
      const missing: string[] = [];
      if (cycles.length === 0) missing.push('no customer conversations in the last 7 days');
      else {
        if (rate! < RESPONSIVE.minResponseRate) {
          const need = Math.ceil(RESPONSIVE.minResponseRate * cycles.length) - answered.length;
          missing.push(
            `response rate ${pct(rate!)} is below 90 %: ${need} more of the ${cycles.length - answered.length} unanswered conversations need a human reply`,
          );
        }
        if (med === null) missing.push('no conversation was answered by a person, so there is no response time');
        else if (med > RESPONSIVE.maxResponseSeconds)
          missing.push(`median response time ${minutes(med)} is ${minutes(med - RESPONSIVE.maxResponseSeconds)} over the 15 min limit`);
      }
      return {
        channelId: ch.id,
        name: ch.name,
        type: ch.type,
        badgeApplies: META_BADGE_TYPES.has(ch.type),
        conversations: cycles.length,
        answered: answered.length,
        responseRate: rate,
        medianResponseSeconds: med,
        responsive: missing.length === 0,
        missing,
      };
    }),
  };
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;
