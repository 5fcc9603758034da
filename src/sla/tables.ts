import type { Kysely } from 'kysely';
import type { DB, SlaTarget } from '../store/schema.js';

// The SLA tables' row types are in store/schema/sla.ts, with every other table's.

export const SLA_TARGETS: readonly SlaTarget[] = ['first_response', 'next_response', 'resolution'];

/** @deprecated The SLA tables are in DB (store/schema.ts): use the handle as it is. Kept while branches in flight still call it. */
export const slaDb = (db: Kysely<DB>): Kysely<DB> => db;
