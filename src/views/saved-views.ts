import type { App } from '../app.js';
import { requirePermission } from '../auth/roles.js';
import type { Principal } from '../auth/principal.js';
import { forbidden, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { parseJson } from '../lib/json.js';
import type { SavedViewTable } from '../store/schema.js';
import { conversationFilterSchema, toQueueFilter } from '../conversations/filter-schema.js';
import { countConversations } from '../conversations/queue-filter.js';

/**
 * Saved queue views: a name and the list's query parameters, kept as the strings the list
 * accepts (validated by the route with the list's own schema). Personal by default; shared views
 * are visible to everyone and only admins may create or delete them.
 */
const present = (v: SavedViewTable) => ({
  id: v.id,
  name: v.name,
  filters: parseJson<Record<string, string>>(v.filters, {}),
  shared: v.user_id === null,
  createdAt: new Date(v.created_at).toISOString(),
});

export async function listViews(app: App, p: Principal) {
  const rows = await app.store.db
    .selectFrom('saved_views')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', p.userId)]))
    .orderBy('name')
    .execute();
  return rows.map(present);
}

export async function createView(app: App, p: Principal, input: { name: string; filters: Record<string, string>; shared: boolean }) {
  if (input.shared) requirePermission(p, 'settings.manage');
  const row: SavedViewTable = {
    id: newId(),
    workspace_id: p.workspaceId,
    user_id: input.shared ? null : p.userId,
    name: input.name,
    filters: JSON.stringify(input.filters),
    created_at: app.now(),
  };
  await app.store.db.insertInto('saved_views').values(row).execute();
  return present(row);
}

export async function deleteView(app: App, p: Principal, id: string) {
  await editable(app, p, id);
  await app.store.db.deleteFrom('saved_views').where('id', '=', id).execute();
}

/** The view, if the principal may change it: their own, or a shared one with settings.manage. */
async function editable(app: App, p: Principal, id: string) {
  const v = await app.store.db.selectFrom('saved_views').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!v || (v.user_id !== null && v.user_id !== p.userId)) throw notFound('view');
  if (v.user_id === null && !p.permissions.has('settings.manage')) throw forbidden('changing a shared view needs the settings.manage permission');
  return v;
}

/** Renames a view, replaces its filters, or shares it / takes it back (sharing needs settings.manage). */
export async function updateView(app: App, p: Principal, id: string, input: { name?: string; filters?: Record<string, string>; shared?: boolean }) {
  const v = await editable(app, p, id);
  if (input.shared !== undefined && input.shared !== (v.user_id === null)) requirePermission(p, 'settings.manage');
  const next: SavedViewTable = {
    ...v,
    name: input.name ?? v.name,
    filters: input.filters ? JSON.stringify(input.filters) : v.filters,
    user_id: input.shared === undefined ? v.user_id : input.shared ? null : p.userId,
  };
  await app.store.db
    .updateTable('saved_views')
    .set({ name: next.name, filters: next.filters, user_id: next.user_id })
    .where('workspace_id', '=', p.workspaceId)
    .where('id', '=', id)
    .execute();
  return present(next);
}

/**
 * How many conversations each of the principal's views holds, for the sidebar. A view without a
 * status counts open conversations, as the queue shows it. A view whose stored filters no longer
 * parse (an older version's) counts null rather than failing the sidebar.
 */
export async function viewCounts(app: App, p: Principal): Promise<Record<string, number | null>> {
  const views = await listViews(app, p);
  const out: Record<string, number | null> = {};
  for (const v of views) {
    const parsed = conversationFilterSchema.safeParse({ status: 'open', ...v.filters });
    if (!parsed.success) {
      out[v.id] = null;
      continue;
    }
    const { sort: _s, limit: _l, cursor: _c, ...filters } = parsed.data;
    out[v.id] = await countConversations(app, { ...toQueueFilter(filters), workspaceId: p.workspaceId, userId: p.userId });
  }
  return out;
}
