import type { App } from '../app.js';
import type { Principal } from './principal.js';
import { invalid } from '../lib/errors.js';
import { withAttempt } from './login-rate-limit.js';
import { hashPassword, verifyPassword } from './passwords.js';

/**
 * Changes the caller's password after checking the current one. Guesses at the current password
 * are rate-limited like logins (a stolen session must not become a password oracle). Every other
 * session of the user, in every workspace, is signed out; API tokens stay valid.
 */
export async function changePassword(app: App, principal: Principal, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  const windowMs = app.config.loginWindowSeconds * 1000;
  const keys = [{ key: `password:${principal.userId}`, max: app.config.loginMaxAttempts }];
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', principal.userId).executeTakeFirstOrThrow();
  if (!(await withAttempt(db, keys, windowMs, now, () => verifyPassword(user.password_hash, input.currentPassword)))) {
    throw invalid('currentPassword', 'is not your current password');
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', principal.userId).execute();
    let others = tx.deleteFrom('sessions').where('user_id', '=', principal.userId);
    if (principal.sessionId) others = others.where('id', '!=', principal.sessionId);
    await others.execute();
  });
}
