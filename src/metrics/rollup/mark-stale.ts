import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { prepared } from '../../store/prepared.js';

/**
 * Marks a conversation's metric rollup out of date, inside the caller's transaction. Changes that
 * write events are marked by the rollup reactor (rollup-reactor.ts, which reports read past);
 * changes without one (enrichment, SLA clocks) mark here, with the change itself. The first
 * mark keeps its time (the projector waits a moment after it to coalesce a burst of changes);
 * every mark gets a new `mark` value, so a projection computed before the latest change is not
 * written over it (rollup/project-stale.ts).
 */
export async function markStale(db: Kysely<DB>, workspaceId: string, conversationId: string, now: number): Promise<void> {
  // Once per conversation per transaction is enough (its changes commit together): a reactor's
  // page often holds several events of one conversation.
  if (db.isTransaction) {
    let done = markedIn.get(db);
    if (!done) markedIn.set(db, (done = new Set()));
    if (done.has(conversationId)) return;
    done.add(conversationId);
  }
  await upsertMark(db, conversationId, workspaceId, newMark(), now);
}

const markedIn = new WeakMap<object, Set<string>>();

/** Event types that change what the metric rules read about a conversation. */
export function affectsMetrics(type: string): boolean {
  return type.startsWith('message.') || type.startsWith('conversation.') || type.startsWith('survey.') || type.startsWith('sla.');
}

/** Marks every conversation of a workspace (after an engine change: `hearken metrics rebuild`). */
export async function markWorkspaceStale(db: Kysely<DB>, workspaceId: string, now: number): Promise<number> {
  const r = await db
    .insertInto('metric_stale')
    .columns(['conversation_id', 'workspace_id', 'mark', 'marked_at'])
    .expression((eb) =>
      eb
        .selectFrom('conversations')
        .select(['id', 'workspace_id', eb.lit(newMark()).as('mark'), eb.lit(now).as('marked_at')])
        .where('workspace_id', '=', workspaceId),
    )
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet((eb) => ({ mark: eb.ref('excluded.mark') })))
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

const newMark = () => Math.floor(Math.random() * 2 ** 48);

// Runs with nearly every message at intake: compiled once (store/prepared.ts).
const upsertMark = prepared((db, conversationId: string, workspaceId: string, mark: number, at: number) =>
  db
    .insertInto('metric_stale')
    .values({ conversation_id: conversationId, workspace_id: workspaceId, mark, marked_at: at })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet((eb) => ({ mark: eb.ref('excluded.mark') }))),
);
