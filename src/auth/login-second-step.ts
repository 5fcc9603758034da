import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { appendAccountEvent } from './account-events.js';
import { type LoginResult, openSession } from './login.js';
import { withAttempt } from './login-rate-limit.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import { matchTotp, openSecret } from './totp.js';

/**
 * The second step of a sign-in with two-factor: the challenge from the password step and a code
 * from the authenticator app (or one recovery code, used up). Wrong codes count against the same
 * limits as wrong passwords, per account and per address; the challenge dies after five minutes
 * and with its first success.
 */
export async function loginSecondStep(app: App, input: { challenge: string; code: string; ip: string; userAgent?: string }): Promise<LoginResult> {
  const db = app.store.db;
  const now = app.now();
  const ch = await db
    .selectFrom('login_challenges')
    .innerJoin('users', 'users.id', 'login_challenges.user_id')
    .select([
      'login_challenges.id',
      'login_challenges.user_id',
      'login_challenges.workspace_id',
      'users.totp_secret',
      'users.totp_last_step',
      'users.totp_enabled_at',
    ])
    .where('login_challenges.id', '=', sha256Hex(input.challenge))
    .where('login_challenges.expires_at', '>', now)
    .executeTakeFirst();
  if (!ch || !ch.totp_secret || ch.totp_enabled_at === null) throw new AppError('unauthenticated', 'the sign-in has expired; enter your password again');
  const keys = [
    { key: `2fa:${ch.user_id}`, max: app.config.loginMaxAttempts },
    { key: `login-ip:${input.ip}`, max: app.config.loginMaxAttempts * 5 },
  ];
  const secret = openSecret(app.config.secretKey, ch.totp_secret);
  let recoveryLeft: number | null = null;
  const ok = await withAttempt(db, keys, app.config.loginWindowSeconds * 1000, now, async () => {
    const step = matchTotp(secret, input.code, now, ch.totp_last_step === null ? null : Number(ch.totp_last_step));
    if (step !== null) {
      // Compare-and-set: two requests with the same code cannot both pass.
      const r = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', ch.user_id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    recoveryLeft = await consumeRecoveryCode(db, ch.user_id, input.code, now);
    return recoveryLeft !== null;
  });
  if (!ok) throw new AppError('unauthenticated', 'wrong code');
  const used = await db.deleteFrom('login_challenges').where('id', '=', ch.id).executeTakeFirst();
  if (Number(used.numDeletedRows) !== 1) throw new AppError('unauthenticated', 'the sign-in has expired; enter your password again');
  if (recoveryLeft !== null) {
    const remaining: number = recoveryLeft;
    await db.transaction().execute((tx) => appendAccountEvent(tx, ch.user_id, 'account.recovery_code_used', { userId: ch.user_id, remaining }, now));
    app.bus.poke(ch.workspace_id);
  }
  return openSession(app, { userId: ch.user_id, workspaceId: ch.workspace_id, ip: input.ip, userAgent: input.userAgent });
}
