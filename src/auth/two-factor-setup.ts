import type { App } from '../app.js';
import { conflict, invalid } from '../lib/errors.js';
import { appendAccountEvent } from './account-events.js';
import { withAttempt } from './login-rate-limit.js';
import { verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { consumeRecoveryCode, replaceRecoveryCodes } from './recovery-codes.js';
import { enrolmentView, matchTotp, newTotpSecret, openSecret, sealSecret } from './totp.js';

/**
 * Two-factor enrolment in two steps: setup draws a new secret (sealed at rest with
 * HEARKEN_SECRET_KEY, like channel credentials) and shows it as a QR code and as text; enable
 * turns it on once the member proves their app has it (a current code), and answers the ten
 * recovery codes — the only time they are shown. Until enabled, sign-in does not ask for a code.
 */
export async function beginTwoFactor(app: App, principal: Principal) {
  const db = app.store.db;
  const user = await db.selectFrom('users').select(['email', 'totp_enabled_at']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at !== null) throw conflict('two-factor sign-in is already on; turn it off first to change the app');
  const secret = newTotpSecret();
  await db
    .updateTable('users')
    .set({ totp_secret: sealSecret(app.config.secretKey, secret), totp_last_step: null })
    .where('id', '=', principal.userId)
    .execute();
  return enrolmentView(secret, user.email);
}

export async function enableTwoFactor(app: App, principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
  const db = app.store.db;
  const now = app.now();
  const user = await db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at !== null) throw conflict('two-factor sign-in is already on');
  if (!user.totp_secret) throw invalid('code', 'start the set-up first (POST /auth/2fa/setup)');
  const keys = [{ key: `2fa:${principal.userId}`, max: app.config.loginMaxAttempts }];
  let step: number | null = null;
  const ok = await withAttempt(db, keys, app.config.loginWindowSeconds * 1000, now, async () => {
    step = matchTotp(openSecret(app.config.secretKey, user.totp_secret!), code, now, null);
    return step !== null;
  });
  if (!ok) throw invalid('code', 'is not the current code of your authenticator app');
  const codes = await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('users')
      .set({ totp_enabled_at: now, totp_last_step: step })
      .where('id', '=', principal.userId)
      .where('totp_enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('two-factor sign-in is already on');
    const list = await replaceRecoveryCodes(tx, principal.userId, now);
    await appendAccountEvent(tx, principal.userId, 'account.two_factor_enabled', { userId: principal.userId }, now);
    return list;
  });
  app.bus.poke(principal.workspaceId);
  return { recoveryCodes: codes };
}

/**
 * Turns two-factor off: the password and a current code (or a recovery code) are both needed, so
 * a session left open on someone's desk cannot do it. Wrong answers count like wrong passwords.
 */
export async function disableTwoFactor(app: App, principal: Principal, input: { password: string; code: string }): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  const user = await db
    .selectFrom('users')
    .select(['password_hash', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', principal.userId)
    .executeTakeFirstOrThrow();
  if (user.totp_enabled_at === null || !user.totp_secret) throw conflict('two-factor sign-in is not on');
  const keys = [{ key: `password:${principal.userId}`, max: app.config.loginMaxAttempts }];
  const passwordOk = await withAttempt(db, keys, app.config.loginWindowSeconds * 1000, now, () => verifyPassword(user.password_hash, input.password));
  if (!passwordOk) throw invalid('password', 'is not your current password');
  const codeKeys = [{ key: `2fa:${principal.userId}`, max: app.config.loginMaxAttempts }];
  const codeOk = await withAttempt(db, codeKeys, app.config.loginWindowSeconds * 1000, now, async () => {
    const last = user.totp_last_step === null ? null : Number(user.totp_last_step);
    if (matchTotp(openSecret(app.config.secretKey, user.totp_secret!), input.code, now, last) !== null) return true;
    return (await consumeRecoveryCode(db, principal.userId, input.code, now)) !== null;
  });
  if (!codeOk) throw invalid('code', 'is neither a current code nor an unused recovery code');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', principal.userId).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', principal.userId).execute();
    await appendAccountEvent(tx, principal.userId, 'account.two_factor_disabled', { userId: principal.userId }, now);
  });
  app.bus.poke(principal.workspaceId);
}

/** Whether two-factor is on, and how many recovery codes are left (Settings → Account). */
export async function twoFactorStatus(app: App, principal: Principal) {
  const db = app.store.db;
  const u = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', principal.userId).executeTakeFirstOrThrow();
  const left = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', principal.userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: u.totp_enabled_at !== null, enabledAt: u.totp_enabled_at === null ? null : Number(u.totp_enabled_at), recoveryCodesLeft: Number(left.n) };
}
