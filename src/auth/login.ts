import type { App } from '../app.js';
import { AppError, notFound } from '../lib/errors.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
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
  userAgent?: string;
}

/** The password was right and the account uses two-factor: the code comes next (login-second-step.ts). */
export interface TwoFactorNeeded {
  twoFactorRequired: true;
  /** Short-lived, single-use; answered with the code to POST /auth/login/2fa. */
  challenge: string;
  expiresAt: number;
}

export interface LoginResult extends SessionView {
  sessionToken: string;
  csrfToken: string;
}

// One message for an unknown email and a wrong password, so the answer does not say which it was.
const WRONG = 'wrong email or password';

/** Reserves a place under the rate limit, verifies the password (argon2id) and opens a session in one workspace. */
export async function login(app: App, input: LoginInput): Promise<LoginResult | TwoFactorNeeded> {
  const db = app.store.db;
  const now = app.now();
  const email = input.email.toLowerCase();
  const windowMs = app.config.loginWindowSeconds * 1000;
  const keys = loginKeys(input.ip, email, app.config.loginMaxAttempts);
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'totp_enabled_at']).where('email', '=', email).executeTakeFirst();
  // The attempt is counted before argon2 runs, so parallel guesses cannot all pass a stale check.
  const ok = await withAttempt(db, keys, windowMs, now, () => verifyPasswordOrDummy(user?.password_hash, input.password));
  if (!user || !ok) throw new AppError('unauthenticated', WRONG);

  const workspaces = await listUserWorkspaces(db, user.id);
  if (workspaces.length === 0) throw new AppError('forbidden', 'this account is not a member of any workspace');
  const chosen = input.workspaceId ? workspaces.find((w) => w.id === input.workspaceId) : workspaces[0];
  if (!chosen) throw notFound('workspace');

  if (user.totp_enabled_at !== null) return startSecondStep(app, user.id, chosen.id);
  return openSession(app, { userId: user.id, workspaceId: chosen.id, ip: input.ip, userAgent: input.userAgent });
}

const CHALLENGE_MS = 5 * 60_000;

async function startSecondStep(app: App, userId: string, workspaceId: string): Promise<TwoFactorNeeded> {
  const now = app.now();
  const token = randomToken(32);
  const db = app.store.db;
  await db.deleteFrom('login_challenges').where('expires_at', '<=', now).execute();
  await db
    .insertInto('login_challenges')
    .values({ id: sha256Hex(token), user_id: userId, workspace_id: workspaceId, created_at: now, expires_at: now + CHALLENGE_MS })
    .execute();
  return { twoFactorRequired: true, challenge: token, expiresAt: now + CHALLENGE_MS };
}

/** Opens a browser session once every step of sign-in has passed (password, code, a provider's ID token). */
export async function openSession(app: App, input: { userId: string; workspaceId: string; ip?: string; userAgent?: string }): Promise<LoginResult> {
  const db = app.store.db;
  const now = app.now();
  // Housekeeping while we are here: this user's expired sessions are dead weight.
  await db.deleteFrom('sessions').where('user_id', '=', input.userId).where('expires_at', '<=', now).execute();
  const s = await createSession(db, { ...input, now, days: app.config.sessionDays });
  const view = await loadSessionView(db, input.userId, input.workspaceId);
  return { ...view, sessionToken: s.token, csrfToken: s.csrf };
}
