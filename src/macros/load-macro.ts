import type { Kysely } from 'kysely';
import { forbidden, notFound } from '../lib/errors.js';
import type { DB, MacroTable } from '../store/schema.js';
import type { Principal } from '../auth/principal.js';

/**
 * A macro the principal can see: a shared one, or their own. Another member's personal macro is
 * "not found", as if it did not exist (its name is theirs).
 */
export async function loadVisibleMacro(db: Kysely<DB>, p: Pick<Principal, 'workspaceId' | 'userId'>, id: string): Promise<MacroTable> {
  const m = await db.selectFrom('macros').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!m || (m.user_id !== null && m.user_id !== p.userId)) throw notFound('macro');
  return m;
}

/** A macro the principal may change: their own, or a shared one with settings.manage. */
export async function loadEditableMacro(db: Kysely<DB>, p: Principal, id: string): Promise<MacroTable> {
  const m = await loadVisibleMacro(db, p, id);
  if (m.user_id === null && !p.permissions.has('settings.manage'))
    throw forbidden('changing a macro shared with the workspace needs the settings.manage permission');
  return m;
}
