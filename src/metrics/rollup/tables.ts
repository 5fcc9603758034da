import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';

// The metric rollup tables' row types are in store/schema/metrics.ts, with every other table's.

/** @deprecated The rollup tables are in DB (store/schema.ts): use the handle as it is. Kept while branches in flight still call it. */
export const rollupDb = (db: Kysely<DB>): Kysely<DB> => db;

/**
 * A cycle whose customer messages span more than this is "long": found through its own small
 * index, so every other cycle a period touches lies in [from − LONG_SPAN_MS, to) by its start.
 */
export const LONG_SPAN_MS = 7 * 86_400_000;
