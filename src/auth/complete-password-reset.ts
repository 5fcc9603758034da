import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { appendAccountEvent } from './account-events.js';
import { hashPassword } from './passwords.js';

/**
 * Sets a new password from a reset link. The token works once and for an hour; using it ends every
 * session of the account (whoever had the old password is signed out) and voids the account's
 * other reset links. Two-factor stays as it was: the link proves the mailbox, not the phone.
 * An expired, used or unknown token gets one answer.
 */
export async function completePasswordReset(app: App, input: { token: string; password: string }): Promise<{ email: string }> {
  const now = app.now();
  const hash = await hashPassword(input.password);
  const gone = () =>
    new AppError('invalid_request', 'token: this reset link has expired or was already used; ask for a new one', [
      { field: 'token', reason: 'expired or used' },
    ]);
  const userId = await app.store.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', sha256Hex(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!r) throw gone();
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', r.user_id).execute();
    await tx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', r.user_id).where('used_at', 'is', null).execute();
    const ended = await tx.deleteFrom('sessions').where('user_id', '=', r.user_id).executeTakeFirst();
    await appendAccountEvent(tx, r.user_id, 'account.password_reset', { userId: r.user_id, endedSessions: Number(ended.numDeletedRows) }, now);
    return r.user_id;
  });
  const u = await app.store.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return { email: u.email };
}
