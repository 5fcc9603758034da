import type { Kysely } from 'kysely';
import { TIMELINE_EVENT_TYPES } from '../metrics/load-timelines.js';
import type { DB } from '../store/schema.js';
import { countInRun, DAY_MS, parts, pause, type RetentionContext } from './context.js';

const TIMELINE = new Set<string>(TIMELINE_EVENT_TYPES);

/**
 * The last event every reactor has handled: the lowest cursor in reactor_cursors (0 when there is
 * none). Nothing above it is ever deleted, so no reactor — SLA clocks, metric rollups, the audit
 * trail — misses an event because retention took it first.
 */
export async function reactorFloor(db: Kysely<DB>): Promise<number> {
  const r = await db
    .withTables<{ reactor_cursors: { name: string; last_event_id: number } }>()
    .selectFrom('reactor_cursors')
    .select((eb) => [eb.fn.min('last_event_id').as('floor'), eb.fn.countAll().as('n')])
    .executeTakeFirstOrThrow();
  return Number(r.n) === 0 ? 0 : Number(r.floor ?? 0);
}

/**
 * Deletes the workspace's events older than the limit, in id order, up to the reactors' floor.
 * Kept although old: the status changes and assignments of a conversation that is still kept —
 * its metric facts are computed from them whenever it changes again (metrics/load-timelines.ts);
 * they go with their conversation (purge-conversations.ts). Events carry no message text.
 *
 * `events_after` remembers how far this has decided, so a run reads only what is new since the
 * last one; the first event not yet old enough ends the run's pass (ids follow time).
 */
export async function purgeEvents(ctx: RetentionContext, days: number): Promise<void> {
  const db = ctx.app.store.db;
  const cutoff = ctx.now - days * DAY_MS;
  const row = await db.selectFrom('retention_settings').select('events_after').where('workspace_id', '=', ctx.workspaceId).executeTakeFirst();
  let after = Number(row?.events_after ?? 0);
  for (;;) {
    const floor = await reactorFloor(db);
    if (after >= floor) return;
    const page = await db
      .selectFrom('events')
      .select(['id', 'type', 'conversation_id', 'created_at'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '>', after)
      .where('id', '<=', floor)
      .orderBy('id')
      .limit(ctx.batchSize)
      .execute();
    const young = page.findIndex((e) => Number(e.created_at) >= cutoff);
    const decided = young === -1 ? page : page.slice(0, young);
    // Nothing of this workspace up to the floor: decided up to there.
    const upTo = page.length === 0 ? floor : decided.length ? Number(decided.at(-1)!.id) : after;
    if (upTo === after) return;
    const held = new Set(decided.filter((e) => e.conversation_id && TIMELINE.has(e.type)).map((e) => e.conversation_id!));
    const live = new Set<string>();
    for (const ids of parts([...held])) for (const c of await db.selectFrom('conversations').select('id').where('id', 'in', ids).execute()) live.add(c.id);
    const gone = decided.filter((e) => !(e.conversation_id && TIMELINE.has(e.type) && live.has(e.conversation_id))).map((e) => Number(e.id));
    await db.transaction().execute(async (tx) => {
      let n = 0;
      for (const ids of parts(gone)) n += Number((await tx.deleteFrom('events').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
      await tx.updateTable('retention_settings').set({ events_after: upTo }).where('workspace_id', '=', ctx.workspaceId).execute();
      await countInRun(tx, ctx, { events: n });
    });
    after = upTo;
    if (young !== -1 || page.length < ctx.batchSize) return;
    await pause(ctx);
  }
}
