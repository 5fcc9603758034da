import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Dialect } from '../store/db.js';
import { indexTerms } from './tokenize.js';

/** Adds or replaces a message's search document (same terms on both dialects; see tokenize.ts). */
export async function indexMessage(db: Kysely<DB>, dialect: Dialect, m: { id: string; workspaceId: string; text: string }, replace = false) {
  await dialect.search.index(db, m.id, m.workspaceId, indexTerms(m.text).join(' '), replace);
}

export async function unindexMessage(db: Kysely<DB>, dialect: Dialect, id: string) {
  await dialect.search.unindex(db, id);
}
