import type { Kysely } from 'kysely';
import { eventTypes } from '../../events/catalog.js';
import { type Reactor, reactorCursor } from '../../events/reactors.js';
import type { DB } from '../../store/schema.js';
import { affectsMetrics, markStale } from './mark-stale.js';
import { mergedSources } from '../../conversations/merge/merged-sources.js';

/** The event types that change what the metric rules read about a conversation. */
export const METRIC_EVENT_TYPES = eventTypes.filter(affectsMetrics);

/**
 * Follows the log and marks each conversation an event changed as stale, for the projector
 * (project-stale.ts). Between an event and this reactor's pass, reports count the conversation
 * as stale anyway (eventsPastCursor): so marking is off intake's path and reports stay exact.
 * It starts at the beginning of the log; migration 0014 set its cursor at the end of the log
 * that appendEvent had already marked.
 */
export const rollupReactor: Reactor = {
  name: 'rollup',
  types: METRIC_EVENT_TYPES,
  start: 'beginning',
  async handle(_app, events, tx) {
    // The first event of a page gives the mark its time: the projector waits a moment after it.
    const first = new Map<string, { workspaceId: string; at: number }>();
    for (const e of events)
      if (e.conversation_id && !first.has(e.conversation_id)) first.set(e.conversation_id, { workspaceId: e.workspace_id, at: Number(e.created_at) });
    for (const [conversationId, m] of first) await markStale(tx, m.workspaceId, conversationId, m.at);
    // A thread merged into a changed conversation shares its status (metrics/merged-history.ts).
    const byWs = new Map<string, string[]>();
    for (const [conversationId, m] of first) byWs.set(m.workspaceId, [...(byWs.get(m.workspaceId) ?? []), conversationId]);
    for (const [workspaceId, ids] of byWs)
      for (const id of await mergedSources(tx, ids)) if (!first.has(id)) await markStale(tx, workspaceId, id, Number(events[0].created_at));
    return first.size;
  },
};

/**
 * Conversations with a metric event the rollup reactor has not marked yet: past its cursor, up
 * to the end of what is committed now (not only the horizon: a report wants every change it can
 * see). Read the cursor before anything else a report reads, so that an event the reactor marks
 * meanwhile is still found here or among the marks.
 */
export async function eventsPastCursor(db: Kysely<DB>, o: { workspaceId?: string; conversationIds?: string[] }): Promise<Set<string>> {
  const cursor = (await reactorCursor(db, rollupReactor.name)) ?? 0;
  let q = db
    .selectFrom('events')
    .select('conversation_id')
    .distinct()
    .where('id', '>', cursor)
    .where('conversation_id', 'is not', null)
    .where('type', 'in', METRIC_EVENT_TYPES);
  if (o.workspaceId) q = q.where('workspace_id', '=', o.workspaceId);
  if (o.conversationIds) q = q.where('conversation_id', 'in', o.conversationIds);
  const ids = (await q.execute()).map((r) => r.conversation_id!);
  // Threads merged into those conversations change with them (metrics/merged-history.ts).
  return new Set([...ids, ...(ids.length ? await mergedSources(db, ids) : [])]);
}
