import { z } from 'zod';
import type { SourceAdapter } from '../types.js';
import { compileRule } from './compile.js';
import { syncRules, type RuleError, type WantedRule } from './rules.js';

/**
 * Defaults are the Pro tier's documented limits for the v2 filtered stream (1,000 rules of up
 * to 1,024 characters; Enterprise allows more and longer). backfill_minutes (1–5) is only
 * available to some tiers, so it is off unless set.
 */
export const xStreamSettings = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.x.com'),
  maxRules: z.number().int().min(1).max(250_000).default(1000),
  maxRuleLength: z.number().int().min(1).max(4096).default(1024),
  backfillMinutes: z.number().int().min(0).max(5).default(0),
});
export type XStreamSettings = z.infer<typeof xStreamSettings>;

export interface RulesState {
  syncedAt: number;
  added: number;
  deleted: number;
  unchanged: number;
  /** Queries streamed (rule text), with whether Hearken re-checks a broader rule. */
  streamed: Array<{ queryId: string; value: string; exact: boolean }>;
  /** Queries that are not streamed and why (inexpressible, over the tier's limits, refused by X). */
  skipped: Array<{ queryId: string; reason: string }>;
  rejected: RuleError[];
}

/**
 * X filtered stream (GET /2/tweets/search/stream). The POLL of this source syncs its rules —
 * the workspace's active queries compiled to X rule syntax — so a changed query reaches X within
 * one poll interval; the posts come through the long-lived connection held by the scheduler's
 * listening lane (stream.ts), not through fetch.
 */
export const xStreamAdapter: SourceAdapter<XStreamSettings> = {
  kind: 'x_stream',
  settings: xStreamSettings,
  secrets: ['bearerToken'],
  defaultIntervalS: 60,
  minIntervalS: 30,
  // Rules may be broader than queries: only what a query matches is worth a row.
  storeUnmatched: false,
  async fetch({ settings, secrets, now, timeoutMs, workspaceId, db, outbound }) {
    if (!secrets.bearerToken) return { ok: false, error: 'the source has no X bearer token', permanent: true };
    if (!db) return { ok: false, error: 'x_stream needs the database to read the queries' };
    const queries = await db
      .selectFrom('listening_queries')
      .select(['id', 'query', 'accent_sensitive'])
      .where('workspace_id', '=', workspaceId)
      .where('active', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const wanted: WantedRule[] = [];
    const exactOf = new Map<string, boolean>();
    const skipped: RulesState['skipped'] = [];
    for (const q of queries) {
      const r = compileRule(q.query, { accentSensitive: q.accent_sensitive === 1, maxLength: settings.maxRuleLength });
      if (!r.value) skipped.push({ queryId: q.id, reason: r.note ?? 'cannot be expressed' });
      else if (wanted.length >= settings.maxRules) skipped.push({ queryId: q.id, reason: `over this X tier's ${settings.maxRules} rules` });
      else {
        wanted.push({ queryId: q.id, value: r.value });
        exactOf.set(q.id, r.exact);
      }
    }
    const res = await syncRules({ baseUrl: settings.baseUrl, bearer: secrets.bearerToken, timeoutMs, now, outbound }, wanted);
    if (!res.ok) return { ok: false, error: res.error ?? 'X rules sync failed', retryAfterMs: res.retryAfterMs };
    const refused = new Set(res.rejected.map((r) => r.queryId));
    const rules: RulesState = {
      syncedAt: now,
      added: res.added,
      deleted: res.deleted,
      unchanged: res.unchanged,
      streamed: wanted.filter((w) => !refused.has(w.queryId)).map((w) => ({ ...w, exact: exactOf.get(w.queryId)! })),
      skipped,
      rejected: res.rejected,
    };
    const error = res.rejected.length ? `X refused ${res.rejected.length} rule(s): ${res.rejected.map((r) => r.error).join('; ')}` : undefined;
    return { ok: true, posts: [], cursor: null, state: { rules }, error };
  },
};
