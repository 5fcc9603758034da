import type { App } from '../../app.js';
import type { CycleFact } from '../cycles.js';
import { computeConversationFacts } from './compute-facts.js';
import { collectDeltas, writeDeltas, type BucketDelta } from './buckets.js';
import { factToRow, rowToFact } from './fact-rows.js';
import { runReactor } from '../../events/reactors.js';
import { eventsPastCursor, rollupReactor } from './rollup-reactor.js';

/** Conversations per step: small, so no single statement keeps intake waiting for long. */
export const PROJECT_BATCH = 100;
const INSERT_ROWS = 50;

/**
 * Brings stale conversations' metric rows up to date: recomputes each one's cycle facts from
 * scratch (the same rules a report uses) and replaces its rows — unless it changed again
 * meanwhile (its mark moved, or an event the rollup reactor has not marked yet shows up), in
 * which case it stays stale for the next step. Only marks older than `settleMs` are taken, so a
 * burst of changes to one conversation costs one projection.
 * Returns how many conversations it projected: those it took but left stale (changed meanwhile)
 * do not count, so a worker looping "while there is work" waits for the rollup reactor to catch
 * up instead of recomputing the same conversations again and again.
 */
export async function projectStale(
  app: App,
  o: { limit?: number; settleMs?: number; workspaceId?: string; beforeWrite?: () => Promise<void> } = {},
): Promise<number> {
  const db = app.store.db;
  let q = db
    .selectFrom('metric_stale')
    .select(['conversation_id', 'workspace_id', 'mark'])
    .orderBy('marked_at')
    .orderBy('conversation_id')
    .limit(o.limit ?? PROJECT_BATCH);
  if (o.workspaceId) q = q.where('workspace_id', '=', o.workspaceId);
  if (o.settleMs !== undefined) q = q.where('marked_at', '<=', app.now() - o.settleMs);
  const stale = await q.execute();
  const byWorkspace = new Map<string, Map<string, number>>();
  for (const s of stale) {
    let m = byWorkspace.get(s.workspace_id);
    if (!m) byWorkspace.set(s.workspace_id, (m = new Map()));
    m.set(s.conversation_id, Number(s.mark));
  }
  let projected = 0;
  for (const [workspaceId, marks] of byWorkspace) {
    const { facts } = await computeConversationFacts(app.store.db, workspaceId, [...marks.keys()]);
    // Tests change a conversation here, between computing and writing, as a concurrent request would.
    await o.beforeWrite?.();
    projected += await writeProjection(app, workspaceId, marks, facts);
  }
  return projected;
}

/**
 * Drains every stale conversation (tests, `hearken metrics rebuild`); returns how many it projected.
 * It brings the rollup reactor up to the horizon first, each round, so that conversations changed
 * by events it had not marked yet are projected too (and not skipped round after round).
 */
export async function projectAll(app: App, workspaceId?: string): Promise<number> {
  let total = 0;
  const round = async () => {
    await runReactor(app, rollupReactor, { maxPages: Number.POSITIVE_INFINITY });
    return projectStale(app, { workspaceId, limit: 500 });
  };
  for (let n = await round(); n > 0; n = await round()) total += n;
  return total;
}

/** Writes the facts of the conversations that did not change meanwhile; returns how many. */
async function writeProjection(app: App, workspaceId: string, marks: Map<string, number>, facts: CycleFact[]): Promise<number> {
  return app.store.db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom('metric_stale')
      .select(['conversation_id', 'mark'])
      .where('conversation_id', 'in', [...marks.keys()]);
    // Another projector may hold some of them: skip those rather than wait (they stay stale).
    q = app.store.dialect.claimRows(q);
    const unchanged = (await q.execute()).filter((r) => Number(r.mark) === marks.get(r.conversation_id)).map((r) => r.conversation_id);
    // Changed since the facts were computed by an event the rollup reactor has not marked yet:
    // this projection is already out of date, so it stays stale (the reactor marks it again).
    const changed = unchanged.length ? await eventsPastCursor(tx, { conversationIds: unchanged }) : new Set<string>();
    const keep = unchanged.filter((id) => !changed.has(id));
    if (!keep.length) return 0;
    const kept = new Set(keep);
    // The stored hours lose what the conversations' previous rows gave them and gain the new facts.
    const previous = await tx.selectFrom('metric_cycles').selectAll().where('conversation_id', 'in', keep).execute();
    const fresh = facts.filter((f) => kept.has(f.conversationId));
    const deltas = new Map<string, BucketDelta>();
    collectDeltas(deltas, previous.map(rowToFact), 'remove');
    collectDeltas(deltas, fresh, 'add');
    await writeDeltas(tx, workspaceId, deltas, app.store.dialect);
    await tx.deleteFrom('metric_cycles').where('conversation_id', 'in', keep).execute();
    const rows = fresh.map((f) => factToRow(f, workspaceId));
    for (let i = 0; i < rows.length; i += INSERT_ROWS)
      await tx
        .insertInto('metric_cycles')
        .values(rows.slice(i, i + INSERT_ROWS))
        .execute();
    await tx.deleteFrom('metric_stale').where('conversation_id', 'in', keep).execute();
    await tx
      .insertInto('metric_versions')
      .values({ workspace_id: workspaceId, version: 1 })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet((eb) => ({ version: eb(eb.ref('metric_versions.version'), '+', 1) })))
      .execute();
    return keep.length;
  });
}
