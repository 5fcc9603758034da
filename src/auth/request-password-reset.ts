import type { App } from '../app.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { log } from '../lib/log.js';
import { countHit } from '../rate-limit/window-counter.js';
import { LoginRateLimited } from './login-rate-limit.js';
import { appLink, canSendMail, sendSystemMail } from './system-mail.js';

/** A reset link works for an hour, once. */
export const RESET_MS = 60 * 60_000;

/**
 * "Forgot password?": mails a single-use link to the address when an account has it. The answer is
 * the same whether or not it does (no account enumeration), and the mail goes out after the
 * answer, so the time taken says nothing either. Limited per address and per client, counting
 * every request (a request is cheap to make and each one may send a mail).
 * Answers whether system mail is configured at all: without it nothing is sent, and the page says
 * the operator can reset the password from the command line.
 */
export async function requestPasswordReset(app: App, input: { email: string; ip: string }): Promise<{ mail: boolean }> {
  const db = app.store.db;
  const now = app.now();
  const windowMs = app.config.loginWindowSeconds * 1000;
  const email = input.email.toLowerCase();
  for (const [key, max] of [
    [`reset:${email}`, 3],
    [`reset-ip:${input.ip}`, app.config.loginMaxAttempts],
  ] as const) {
    const hit = await countHit(db, key, windowMs, now);
    if (hit.count > max) throw new LoginRateLimited(Math.max(1, Math.ceil((hit.resetAt - now) / 1000)));
  }
  if (!canSendMail(app)) return { mail: false };
  const user = await db.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirst();
  if (user) {
    const token = randomToken(32);
    await db.deleteFrom('password_resets').where('expires_at', '<=', now).execute();
    await db
      .insertInto('password_resets')
      .values({ id: sha256Hex(token), user_id: user.id, created_at: now, expires_at: now + RESET_MS, used_at: null })
      .execute();
    const link = appLink(app, '/reset-password', token);
    // Not awaited: the answer must not wait on the mail server (its time would tell who has an account).
    void sendSystemMail(app, {
      to: email,
      subject: 'Reset your Hearken password',
      text: `Hello ${user.name},\n\nsomeone (hopefully you) asked to reset the password of your Hearken account.\nSet a new one here within the hour:\n\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
    }).catch((err) => log.warn('reset mail failed', { err: String(err) }));
  }
  return { mail: true };
}
