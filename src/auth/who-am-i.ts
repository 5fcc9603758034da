import type { Kysely } from 'kysely';
import type { Principal } from './principal.js';
import { gateView } from './account-gate.js';
import type { DB } from '../store/schema.js';
import { loadSessionView, type SessionView } from './session-view.js';

/** The caller's view; a browser session also gets its CSRF token back (e.g. after a page reload). */
export async function whoAmI(db: Kysely<DB>, principal: Principal): Promise<SessionView & ReturnType<typeof gateView> & { csrfToken?: string }> {
  const flags = await db
    .selectFrom('users')
    .innerJoin('workspaces', (j) => j.on('workspaces.id', '=', principal.workspaceId))
    .select(['users.must_change_password', 'users.totp_enabled_at', 'workspaces.require_two_factor'])
    .where('users.id', '=', principal.userId)
    .executeTakeFirstOrThrow();
  // An API token is not held back by the gate (account-gate.ts), so it is not told about it either.
  const view = {
    ...(await loadSessionView(db, principal.userId, principal.workspaceId)),
    ...(principal.sessionId ? gateView(flags) : gateView({ must_change_password: 0, totp_enabled_at: 0, require_two_factor: 0 })),
  };
  if (!principal.sessionId) return view;
  const s = await db.selectFrom('sessions').select('csrf_token').where('id', '=', principal.sessionId).executeTakeFirst();
  return s ? { ...view, csrfToken: s.csrf_token } : view;
}
