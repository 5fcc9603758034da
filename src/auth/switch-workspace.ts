import type { App } from '../app.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Principal } from './principal.js';
import { createSession, deleteSession } from './sessions.js';
import { loadSessionView, type SessionView } from './session-view.js';

/**
 * Replaces the caller's browser session with one in another workspace they belong to. API tokens
 * are bound to one workspace, so this is for sessions only. A workspace the user is not in answers
 * 404, exactly like one that does not exist.
 */
export async function switchWorkspace(app: App, principal: Principal, workspaceId: string): Promise<SessionView & { sessionToken: string; csrfToken: string }> {
  if (principal.via !== 'session' || !principal.sessionId) {
    throw new AppError('invalid_request', 'switching workspaces needs a browser session; an API token belongs to one workspace');
  }
  const db = app.store.db;
  const member = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', principal.userId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!member) throw notFound('workspace');
  const now = app.now();
  const s = await db.transaction().execute(async (tx) => {
    await deleteSession(tx, principal.sessionId!);
    return createSession(tx, { userId: principal.userId, workspaceId, now, days: app.config.sessionDays });
  });
  const view = await loadSessionView(db, principal.userId, workspaceId);
  return { ...view, sessionToken: s.token, csrfToken: s.csrf };
}
