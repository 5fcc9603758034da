import type { App } from '../app.js';
import { requirePermission } from '../auth/roles.js';
import type { Principal } from '../auth/principal.js';
import { forbidden, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { parseJson } from '../lib/json.js';
import type { SavedViewTable } from '../store/schema.js';

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
  const v = await app.store.db.selectFrom('saved_views').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!v || (v.user_id !== null && v.user_id !== p.userId)) throw notFound('view');
  if (v.user_id === null && !p.permissions.has('settings.manage')) throw forbidden('deleting a shared view needs the settings.manage permission');
  await app.store.db.deleteFrom('saved_views').where('id', '=', id).execute();
}
