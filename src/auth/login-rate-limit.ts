import type { Kysely } from 'kysely';
import { AppError } from '../lib/errors.js';
import type { DB } from '../store/schema.js';

/**
 * Failed-login counters in a fixed window, kept in login_attempts so every web process shares
 * them. A successful login clears only its own (ip, email) key: clearing the per-IP key too would
 * let an attacker reset it by signing in to an account of their own between guesses.
 */
export interface LoginLimit {
  /** Failures allowed per key within the window. */
  max: number;
  windowMs: number;
}

export interface LimitKey {
  key: string;
  max: number;
}

export class LoginRateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many failed sign-in attempts; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * The keys one login attempt counts against. The per-IP key allows several times more failures
 * than the per-account key so that a team behind one NAT address is not locked out by one typo-prone
 * colleague, while spraying many emails from one address is still cut off.
 */
export function loginKeys(ip: string, email: string, max: number): LimitKey[] {
  return [
    { key: `login:${ip}:${email.toLowerCase()}`, max },
    { key: `login-ip:${ip}`, max: max * 5 },
  ];
}

/** Throws LoginRateLimited when any key has used up its failures in the current window. */
export async function assertNotLimited(db: Kysely<DB>, keys: LimitKey[], windowMs: number, now: number): Promise<void> {
  const rows = await db
    .selectFrom('login_attempts')
    .selectAll()
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .where('window_start', '>', now - windowMs)
    .execute();
  let until = 0;
  for (const r of rows) {
    const max = keys.find((k) => k.key === r.key)!.max;
    if (r.count >= max) until = Math.max(until, r.window_start + windowMs);
  }
  if (until > 0) throw new LoginRateLimited(Math.max(1, Math.ceil((until - now) / 1000)));
}

/** Counts one failure on each key: a new window starts when the old one has run out. */
export async function recordFailure(db: Kysely<DB>, keys: LimitKey[], windowMs: number, now: number): Promise<void> {
  const expired = now - windowMs;
  for (const { key } of keys) {
    await db
      .insertInto('login_attempts')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          // Both CASEs read the old row (SET sees pre-update values on both dialects).
          count: eb
            .case()
            .when('login_attempts.window_start', '<=', expired)
            .then(1)
            .else(eb('login_attempts.count', '+', 1))
            .end(),
          window_start: eb.case().when('login_attempts.window_start', '<=', expired).then(now).else(eb.ref('login_attempts.window_start')).end(),
        })),
      )
      .execute();
  }
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
