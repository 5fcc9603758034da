import type { Kysely } from 'kysely';
import type { Principal } from './principal.js';
import type { DB } from '../store/schema.js';
import { loadSessionView, type SessionView } from './session-view.js';

/** The caller's view; a browser session also gets its CSRF token back (e.g. after a page reload). */
export async function whoAmI(db: Kysely<DB>, principal: Principal): Promise<SessionView & { csrfToken?: string }> {
  const view = await loadSessionView(db, principal.userId, principal.workspaceId);
  if (!principal.sessionId) return view;
  const s = await db.selectFrom('sessions').select('csrf_token').where('id', '=', principal.sessionId).executeTakeFirst();
  return s ? { ...view, csrfToken: s.csrf_token } : view;
}
