import type { SearchCursor, Store } from '../store/db.js';
import type { Direction } from '../store/schema.js';
import { invalid } from '../lib/errors.js';
import { matchClause, parseSearchQuery } from './match-clause.js';
import { snippet } from './snippet.js';

export interface SearchHit {
  messageId: string;
  conversationId: string;
  direction: Direction;
  body: string;
  /** Up to ~160 characters of the body around the first match (the whole body when short). */
  snippet: string;
  createdAt: string;
}

export interface SearchPage {
  results: SearchHit[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// Opaque to clients (base64url of "key.id", the key the dialect's newest-first order gives: search.keyOf)
// so the ordering can change without breaking them.
const encodeCursor = (key: number, id: string) => Buffer.from(`${key}.${id}`).toString('base64url');
function decodeCursor(cursor: string): SearchCursor {
  const m = /^(\d{1,16})\.([0-9a-f]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('cursor', 'is not a cursor this endpoint returned');
  return { key: Number(m[1]), id: m[2]! };
}

/**
 * Full-text search over a workspace's messages (customer messages, replies and internal notes;
 * deleted messages are unindexed by intake and also filtered here), newest first, keyset-paged.
 * Every group of the query must match; see tokenize.ts for what a group is.
 */
export async function searchMessages(store: Store, input: { workspaceId: string; q: string; limit: number; cursor?: string }): Promise<SearchPage> {
  const groups = parseSearchQuery(input.q);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const query = store.db
    .selectFrom('search_docs')
    .innerJoin('messages as m', 'm.id', 'search_docs.message_id')
    .select(['m.id', 'm.conversation_id', 'm.direction', 'm.body', 'm.created_at', store.dialect.search.docKey.as('doc')])
    .where(matchClause(store.dialect, input.workspaceId, groups))
    .where('m.workspace_id', '=', input.workspaceId)
    .where('m.deleted_at', 'is', null);
  // Newest first, in the order the engine can walk without sorting every match (store/dialects/).
  const rows = await store.dialect.search
    .newestFirst(query, after)
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const terms = groups.flatMap((g) => g.terms);
  const last = page.at(-1);
  return {
    results: page.map((r) => ({
      messageId: r.id,
      conversationId: r.conversation_id,
      direction: r.direction,
      body: r.body,
      snippet: snippet(r.body, terms),
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(store.dialect.search.keyOf(last), last.id) : null,
  };
}

/**
 * Ids of the workspace's conversations with at least one message matching `q`, most recently
 * matched first, at most `limit` (the conversation list's text filter). Throws a field error
 * on `q` when it has nothing searchable, like searchMessages.
 */
export async function conversationIdsMatching(store: Store, workspaceId: string, q: string, limit: number): Promise<string[]> {
  const groups = parseSearchQuery(q);
  const rows = await store.db
    .selectFrom('search_docs')
    .innerJoin('messages as m', 'm.id', 'search_docs.message_id')
    .select((eb) => ['m.conversation_id', eb.fn.max('m.created_at').as('last_at')])
    .where(matchClause(store.dialect, workspaceId, groups))
    .where('m.workspace_id', '=', workspaceId)
    .where('m.deleted_at', 'is', null)
    .groupBy('m.conversation_id')
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.conversation_id);
}
