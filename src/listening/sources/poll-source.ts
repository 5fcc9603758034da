import type { App } from '../../app.js';
import { open } from '../../lib/crypto.js';
import { parseJson } from '../../lib/json.js';
import type { ListeningSourceTable } from '../../store/schema.js';
import { evaluateAlerts } from '../alerts/evaluate.js';
import { ingestPosts, type IngestResult } from '../mentions/ingest.js';
import { currentMatcher } from '../saved-queries/matcher-cache.js';
import type { SourceState } from './present.js';
import { pruneUnmatchedPosts } from './prune-posts.js';
import { sourceAdapters } from './registry.js';
import { withoutNetworkBaseUrl } from '../../net/settings-guard.js';

export interface PollResult extends Partial<IngestResult> {
  skipped?: string;
  error?: string;
  retryAfterMs?: number;
}

/** After an error that is not a rate limit, wait this long (or the poll interval, if longer). */
const ERROR_WAIT_MS = 5 * 60_000;

export function secretsOf(app: App, r: Pick<ListeningSourceTable, 'secrets_enc'>): Record<string, string> {
  return r.secrets_enc ? parseJson(open(app.config.secretKey, r.secrets_enc), {}) : {};
}

/**
 * Polls one source once: fetch from the cursor, then store the posts, the mentions they make,
 * the new cursor and the state in ONE transaction — so a crash either keeps all of it or none,
 * and the next poll after a restart starts from the last committed cursor without duplicates.
 * A rate-limit answer records `backoffUntil` in the source's state (and as its next poll time);
 * the source is not called again before then, by this process or any other.
 */
export async function pollSource(app: App, row: ListeningSourceTable, o: { force?: boolean } = {}): Promise<PollResult> {
  const adapter = sourceAdapters[row.kind];
  const now = app.now();
  const state = parseJson<SourceState>(row.state, {});
  if (!adapter) return { skipped: `unknown source kind ${row.kind}` };
  if (state.backoffUntil && state.backoffUntil > now)
    return { skipped: `rate limited until ${new Date(state.backoffUntil).toISOString()}`, retryAfterMs: state.backoffUntil - now };
  if (!o.force && row.active !== 1) return { skipped: 'source is paused' };
  // A stored base URL (older data) is ignored unless the operator allows it: the network's real host is called.
  const settings = adapter.settings.parse(withoutNetworkBaseUrl(app.config, parseJson<Record<string, unknown>>(row.settings, {})));
  let outcome;
  try {
    outcome = await adapter.fetch({
      settings,
      secrets: secretsOf(app, row),
      cursor: parseJson(row.cursor, undefined),
      now,
      timeoutMs: app.config.sendTimeoutMs,
      outbound: app.outbound,
      workspaceId: row.workspace_id,
      db: app.store.db,
    });
  } catch (e) {
    outcome = { ok: false as const, error: `${row.kind}: ${(e as Error).message}` };
  }
  const every = row.poll_interval_s * 1000;
  const at = app.now();
  const next: SourceState = { ...state, lastPolledAt: at };
  const result: PollResult = {};
  if (!outcome.ok || outcome.retryAfterMs) {
    next.lastError = outcome.error ?? null;
    next.backoffUntil = outcome.retryAfterMs ? at + outcome.retryAfterMs : null;
    result.error = outcome.error;
    result.retryAfterMs = outcome.retryAfterMs;
  } else {
    // An ok answer may still carry a problem worth showing (x_stream: rules X refused).
    next.lastError = outcome.error ?? null;
    next.backoffUntil = null;
  }
  if (outcome.ok && outcome.state) Object.assign(next, outcome.state);
  const snapshot = outcome.ok && outcome.posts.length ? await currentMatcher(app) : undefined;
  await app.store.db.transaction().execute(async (tx) => {
    if (outcome.ok) {
      const r = snapshot
        ? await ingestPosts(
            app,
            tx,
            snapshot,
            { id: row.id, workspaceId: row.workspace_id, kind: row.kind, storeUnmatched: adapter.storeUnmatched },
            outcome.posts,
          )
        : { fetched: 0, stored: 0, duplicates: 0, mentions: 0, unmatched: 0 };
      Object.assign(result, r);
      next.lastOkAt = at;
      next.lastFetched = r.fetched;
      next.lastStored = r.stored;
      next.lastMentions = r.mentions;
      next.totalStored = (state.totalStored ?? 0) + r.stored;
    }
    // What a long-lived connection wrote while this poll ran (x_stream's `stream` status) is kept, not overwritten.
    const live = parseJson<Record<string, unknown>>(
      (await tx.selectFrom('listening_sources').select('state').where('id', '=', row.id).executeTakeFirst())?.state,
      {},
    );
    if (live.stream) Object.assign(next, { stream: live.stream });
    const wait = outcome.ok ? every : Math.max(every, ERROR_WAIT_MS);
    const nextPoll = next.backoffUntil ? Math.max(next.backoffUntil, at + every) : at + wait;
    await tx
      .updateTable('listening_sources')
      .set({ state: JSON.stringify(next), next_poll_at: nextPoll, updated_at: at, ...(outcome.ok ? { cursor: JSON.stringify(outcome.cursor ?? null) } : {}) })
      .where('id', '=', row.id)
      .execute();
  });
  if (result.mentions) app.bus.poke(row.workspace_id);
  return result;
}

/** Alert rules are evaluated after every tick that stored mentions, and at least this often. */
const ALERTS_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 3600_000;

/**
 * The scheduler's listening tick: every active source whose next poll time has come, one at a
 * time, then the alert rules (src/listening/alerts), and hourly the pruning of old unmatched posts. The due time lives in the row, so restarts
 * and several schedulers agree on it (two schedulers polling the same source at once only fetch
 * twice: dedupe absorbs it).
 */
export function createListeningPoller(app: App, o: { maxPerTick?: number } = {}) {
  let alertsAt = 0;
  let prunedAt = 0;
  return async function tick(): Promise<number> {
    const due = await app.store.db
      .selectFrom('listening_sources')
      .selectAll()
      .where('active', '=', 1)
      .where('next_poll_at', '<=', app.now())
      .orderBy('next_poll_at')
      .limit(o.maxPerTick ?? 20)
      .execute();
    let mentions = 0;
    for (const row of due) mentions += (await pollSource(app, row)).mentions ?? 0;
    if (mentions > 0 || app.now() - alertsAt >= ALERTS_EVERY_MS) {
      alertsAt = app.now();
      await evaluateAlerts(app);
    }
    if (app.now() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = app.now();
      await pruneUnmatchedPosts(app);
    }
    return due.length;
  };
}
