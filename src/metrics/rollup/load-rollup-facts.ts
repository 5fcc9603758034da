import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import type { DB, MetricCycleTable } from '../../store/schema.js';
import type { Filters } from '../aggregate.js';
import type { CycleFact } from '../cycles.js';
import { conversationsWritten } from '../load-timelines.js';
import { computeConversationFacts } from './compute-facts.js';
import { rowToFact } from './fact-rows.js';
import { eventsPastCursor } from './rollup-reactor.js';
import { LONG_SPAN_MS } from './tables.js';

const CHUNK = 500;

export interface FactQuery {
  workspaceId: string;
  from: number;
  to: number;
  filters: Filters;
}

/**
 * The cycle facts a report over [from, to) needs, from the stored cycles: every cycle whose
 * moments (its start, its customer messages, its waits) may fall in the period. Conversations
 * stale — changed since the projector last ran — are computed from scratch instead, so
 * the facts are always current; the projector keeps their number small.
 */
export async function loadRollupFacts(app: App, q: FactQuery): Promise<CycleFact[]> {
  const stale = await staleIds(app, q.workspaceId);
  const facts = (await cycleRowsIn(app, q)).filter((r) => !stale.has(r.conversation_id)).map(rowToFact);
  if (stale.size) facts.push(...(await staleFacts(app.store.db, q, [...stale])));
  return facts;
}

/**
 * Stored cycles that may have moments in [from, to), by two index ranges: ordinary cycles by
 * their start (at most LONG_SPAN_MS before `from`), long ones by their last moment.
 */
export async function cycleRowsIn(app: App, q: FactQuery): Promise<MetricCycleTable[]> {
  const select = () => {
    let s = app.store.db.selectFrom('metric_cycles').selectAll().where('workspace_id', '=', q.workspaceId);
    if (q.filters.channel) s = s.where('channel_id', '=', q.filters.channel);
    if (q.filters.kind) s = s.where('kind', '=', q.filters.kind);
    return s;
  };
  const near = await select()
    .where('start_at', '>=', q.from - LONG_SPAN_MS)
    .where('start_at', '<', q.to)
    .where('last_at', '>=', q.from)
    .execute();
  // No condition on start_at here: it would tempt SQLite to scan the table by start instead of
  // the small partial index of long cycles by their last moment.
  const long = await select().where('long_span', '=', 1).where('last_at', '>=', q.from).execute();
  return near.concat(long.filter((r) => r.start_at < q.from - LONG_SPAN_MS && r.start_at < q.to));
}

/**
 * Conversations whose stored rows may be out of date: marked stale, or changed by an event the
 * rollup reactor has not reached yet (read first, see eventsPastCursor).
 */
export async function staleIds(app: App, workspaceId: string): Promise<Set<string>> {
  const unmarked = await eventsPastCursor(app.store.db, { workspaceId });
  const rows = await app.store.db.selectFrom('metric_stale').select('conversation_id').where('workspace_id', '=', workspaceId).execute();
  for (const r of rows) unmarked.add(r.conversation_id);
  return unmarked;
}

/** Stale conversations in which a customer wrote during the period, computed from scratch. */
export async function staleFacts(db: Kysely<DB>, q: FactQuery, stale: string[]): Promise<CycleFact[]> {
  const ids: string[] = [];
  for (let i = 0; i < stale.length; i += CHUNK) {
    ids.push(
      ...(await conversationsWritten(db, {
        workspaceId: q.workspaceId,
        from: q.from,
        to: q.to,
        channelId: q.filters.channel,
        kind: q.filters.kind,
        among: stale.slice(i, i + CHUNK),
      })),
    );
  }
  return ids.length ? (await computeConversationFacts(db, q.workspaceId, ids)).facts : [];
}
