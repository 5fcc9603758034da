import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { conflict, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { ListeningQueryTable } from '../../store/schema.js';
import { validateQuery } from '../index.js';
import { backfillQuery } from './backfill.js';
import { invalidateMatcher } from './matcher-cache.js';
import { queryFeedback } from './list-queries.js';
import { presentQuery } from './present.js';

export interface SaveQueryInput {
  workspaceId: string;
  actorUserId: string;
  id?: string;
  name?: string;
  query?: string;
  kind?: 'brand' | 'competitor';
  active?: boolean;
  accentSensitive?: boolean;
}

/**
 * Creates a saved listening query, or updates one when `id` is given. The query text is parsed
 * before anything is written: a QueryError becomes a 400 naming the position and what was expected.
 */
export async function saveQuery(app: App, input: SaveQueryInput) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    let current: ListeningQueryTable | undefined;
    if (input.id) {
      current = await tx
        .selectFrom('listening_queries')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!current) throw notFound('listening query');
    }
    const next: ListeningQueryTable = {
      id: current?.id ?? newId(now),
      workspace_id: input.workspaceId,
      name: (input.name ?? current?.name ?? '').trim(),
      query: input.query ?? current?.query ?? '',
      kind: input.kind ?? current?.kind ?? 'brand',
      active: (input.active ?? (current ? current.active === 1 : true)) ? 1 : 0,
      accent_sensitive: (input.accentSensitive ?? current?.accent_sensitive === 1) ? 1 : 0,
      created_by: current?.created_by ?? input.actorUserId,
      created_at: current?.created_at ?? now,
      updated_at: Math.max(now, (current?.updated_at ?? 0) + 1),
    };
    validateQuery(next.query, { accentSensitive: next.accent_sensitive === 1 });
    const clash = await tx
      .selectFrom('listening_queries')
      .select('id')
      .where('workspace_id', '=', input.workspaceId)
      .where('name', '=', next.name)
      .executeTakeFirst();
    if (clash && clash.id !== next.id) throw conflict(`a listening query named "${next.name}" already exists`);
    if (current) {
      const { id: _id, workspace_id: _w, created_at: _c, created_by: _b, ...changes } = next;
      await tx.updateTable('listening_queries').set(changes).where('id', '=', next.id).execute();
    } else await tx.insertInto('listening_queries').values(next).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: current ? 'listening_query.updated' : 'listening_query.created',
      actorUserId: input.actorUserId,
      data: { queryId: next.id },
      at: now,
    });
    return {
      ...next,
      changed: !current || current.query !== next.query || current.active !== next.active || current.accent_sensitive !== next.accent_sensitive,
    };
  });
  invalidateMatcher(app, row.id);
  if (row.changed) await backfillQuery(app, { workspaceId: input.workspaceId, queryId: row.id });
  return presentQuery({ ...row }, (await queryFeedback(app.store.db, input.workspaceId, [row.id])).get(row.id));
}
