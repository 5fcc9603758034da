import type { App } from '../../app.js';
import { log } from '../../lib/log.js';
import { compileQueries, type Matcher } from '../index.js';

export interface MatcherSnapshot {
  matcher: Matcher;
  /** query id → its workspace and the updated_at the matcher holds. */
  entries: Map<string, { workspaceId: string; kind: 'brand' | 'competitor'; updatedAt: number }>;
}

const caches = new WeakMap<App, MatcherSnapshot>();

/**
 * One matcher per process for the active queries of ALL workspaces (the engine is built for that:
 * cost grows with the text, not with the number of queries). Saving or deleting a query in this
 * process drops it from the cache at once; before each batch of posts, the cache also compares itself with
 * the table (ids and updated_at of active queries: a cheap read) so changes made by another
 * process (a web node while this is the scheduler) are picked up too. Only the queries that
 * changed are re-added or removed.
 */
export async function currentMatcher(app: App): Promise<MatcherSnapshot> {
  let c = caches.get(app);
  if (!c) {
    c = { matcher: compileQueries([], { onInvalid: (id, err) => log.warn('listening query no longer parses', { id, err: err.message }) }), entries: new Map() };
    caches.set(app, c);
  }
  const rows = await app.store.db
    .selectFrom('listening_queries')
    .select(['id', 'workspace_id', 'kind', 'query', 'accent_sensitive', 'updated_at'])
    .where('active', '=', 1)
    .execute();
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.id);
    const had = c.entries.get(r.id);
    if (had && had.updatedAt === r.updated_at) continue;
    if (c.matcher.add({ id: r.id, query: r.query, accentSensitive: r.accent_sensitive === 1 }))
      c.entries.set(r.id, { workspaceId: r.workspace_id, kind: r.kind, updatedAt: r.updated_at });
  }
  for (const id of [...c.entries.keys()]) {
    if (seen.has(id)) continue;
    c.matcher.remove(id);
    c.entries.delete(id);
  }
  return c;
}

/** Called by the commands that change a query in this process: it is re-read on the next batch. */
export function invalidateMatcher(app: App, queryId: string): void {
  const c = caches.get(app);
  if (!c) return;
  c.matcher.remove(queryId);
  c.entries.delete(queryId);
}
