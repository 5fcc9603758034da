import type { App } from '../app.js';
import { AppError, notFound } from '../lib/errors.js';
import { loginKeys, withAttempt } from './login-rate-limit.js';
import { verifyPasswordOrDummy } from './passwords.js';
import { createSession } from './sessions.js';
import { listUserWorkspaces, loadSessionView, type SessionView } from './session-view.js';

export interface LoginInput {
  email: string;
  password: string;
  workspaceId?: string;
  /** The client's address, or 'unknown'; part of the rate-limit keys. */
  ip: string;
}

export interface LoginResult extends SessionView {
  sessionToken: string;
  csrfToken: string;
}

// One message for an unknown email and a wrong password, so the answer does not say which it was.
const WRONG = 'wrong email or password';

/** Reserves a place under the rate limit, verifies the password (argon2id) and opens a session in one workspace. */
export async function login(app: App, input: LoginInput): Promise<LoginResult> {
  const db = app.store.db;
  const now = app.now();
  const email = input.email.toLowerCase();
  const windowMs = app.config.loginWindowSeconds * 1000;
  const keys = loginKeys(input.ip, email, app.config.loginMaxAttempts);
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  // The attempt is counted before argon2 runs, so parallel guesses cannot all pass a stale check.
  const ok = await withAttempt(db, keys, windowMs, now, () => verifyPasswordOrDummy(user?.password_hash, input.password));
  if (!user || !ok) throw new AppError('unauthenticated', WRONG);

  const workspaces = await listUserWorkspaces(db, user.id);
  if (workspaces.length === 0) throw new AppError('forbidden', 'this account is not a member of any workspace');
  const chosen = input.workspaceId ? workspaces.find((w) => w.id === input.workspaceId) : workspaces[0];
  if (!chosen) throw notFound('workspace');

  // Housekeeping while we are here: this user's expired sessions are dead weight.
  await db.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
  const s = await createSession(db, { userId: user.id, workspaceId: chosen.id, now, days: app.config.sessionDays });
  const view = await loadSessionView(db, user.id, chosen.id);
  return { ...view, sessionToken: s.token, csrfToken: s.csrf };
}
