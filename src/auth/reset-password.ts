import type { App } from '../app.js';
import { hashPassword } from './passwords.js';

export interface ResetPasswordResult {
  userId: string;
  endedSessions: number;
  revokedTokens: number;
}

/**
 * An operator's reset of a lost (or leaked) password: sets the new one, signs the account out
 * everywhere and revokes its API tokens in every workspace. A reset usually means the old
 * credentials may be in someone else's hands, and a token made with them would outlive it.
 * A generated password (the CLI's, when none is given) must be changed at the next sign-in.
 * Answers null when no account has that email.
 */
export async function resetPassword(app: App, input: { email: string; password: string; generated?: boolean }): Promise<ResetPasswordResult | null> {
  const email = input.email.toLowerCase();
  // argon2 is slow on purpose: hash before the transaction.
  const hash = await hashPassword(input.password);
  const now = app.now();
  return app.store.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (!user) return null;
    await tx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: input.generated ? 1 : 0 })
      .where('id', '=', user.id)
      .execute();
    const sessions = await tx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const tokens = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return { userId: user.id, endedSessions: Number(sessions.numDeletedRows), revokedTokens: Number(tokens.numUpdatedRows) };
  });
}
