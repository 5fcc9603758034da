import type { Kysely } from 'kysely';
import type { ConversationTable, DB } from '../../store/schema.js';

/** Bound on how far a chain of merges is followed (A into B, B into C, …): far beyond real use. */
export const MAX_MERGE_DEPTH = 20;

/**
 * Every conversation merged, directly or through others, into the given ones (their tombstones),
 * for readers that must treat a merged conversation with the threads it holds: SLA clocks and
 * metric rollups of a source thread follow its target's status. One indexed query per level.
 */
export async function mergedSources(db: Kysely<DB>, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set(ids);
  let level = [...ids];
  for (let depth = 0; level.length && depth < MAX_MERGE_DEPTH; depth++) {
    const rows = await db.selectFrom('conversations').select('id').where('merged_into_id', 'in', level).execute();
    level = rows.map((r) => r.id).filter((id) => !seen.has(id));
    for (const id of level) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

/** The live conversation a tombstone leads to (itself when not merged). */
export async function mergeRoot<C extends Pick<ConversationTable, 'id' | 'merged_into_id'>>(db: Kysely<DB>, conv: C): Promise<string> {
  let id = conv.id;
  let next = conv.merged_into_id ?? null;
  for (let depth = 0; next && depth < MAX_MERGE_DEPTH; depth++) {
    id = next;
    const row = await db.selectFrom('conversations').select(['merged_into_id']).where('id', '=', next).executeTakeFirst();
    next = row?.merged_into_id ?? null;
  }
  return id;
}
