import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { DialectName } from '../store/db.js';
import { prepared } from '../store/prepared.js';
import { indexTerms } from './tokenize.js';

// Every stored message is indexed: compiled once per dialect (see store/prepared.ts).
const upsertDoc = prepared((db, messageId: string, workspaceId: string, terms: string) =>
  db
    .insertInto('search_docs')
    .values({ message_id: messageId, workspace_id: workspaceId, terms })
    .onConflict((oc) => oc.column('message_id').doUpdateSet({ terms })),
);
const insertDoc = prepared((db, messageId: string, workspaceId: string, terms: string) =>
  db.insertInto('search_docs').values({ message_id: messageId, workspace_id: workspaceId, terms }),
);

/** Adds or replaces a message's search document (same terms on both dialects; see tokenize.ts). */
export async function indexMessage(db: Kysely<DB>, dialect: DialectName, m: { id: string; workspaceId: string; text: string }, replace = false) {
  const terms = indexTerms(m.text).join(' ');
  if (dialect === 'postgres') {
    await upsertDoc(db, m.id, m.workspaceId, terms);
  } else {
    // FTS5 tables have no unique constraint to upsert on; new messages skip the delete.
    if (replace) await unindexMessage(db, dialect, m.id);
    await insertDoc(db, m.id, m.workspaceId, terms);
  }
}

export async function unindexMessage(db: Kysely<DB>, dialect: DialectName, id: string) {
  if (dialect === 'postgres') await db.deleteFrom('search_docs').where('message_id', '=', id).execute();
  else await sql`DELETE FROM search_docs WHERE search_docs MATCH ${`message_id:"${id.replace(/"/g, '')}"`}`.execute(db);
}
