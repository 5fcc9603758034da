import type { Kysely } from 'kysely';
import { AppError } from '../lib/errors.js';
import { clearKey, countHit, type Hit, releaseHit } from '../rate-limit/window-counter.js';
import type { DB } from '../store/schema.js';

/**
 * Failed-attempt limits for sign-in and password checks, in a fixed window, kept in the database
 * (rate_limits) so every web process shares them.
 *
 * An attempt RESERVES its place on every key before the password is checked: argon2 takes about
 * 0.4 s, and a limit checked before and recorded after that let 40 parallel guesses all through.
 * A wrong password keeps its reservation (it is the recorded failure); an attempt refused as over
 * the limit, or one that failed for another reason, gives its reservations back, so the window
 * holds failures only. A successful sign-in clears only its own (ip, email) key and gives back its
 * place on the per-IP key: clearing the per-IP key would let an attacker reset it by signing in to
 * an account of their own between guesses.
 */
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

/**
 * Reserves a place for one attempt on every key, or throws LoginRateLimited (having given back
 * what it took) when a key is already full in its window.
 */
async function reserveAttempt(db: Kysely<DB>, keys: LimitKey[], windowMs: number, now: number): Promise<Hit[]> {
  const held: Hit[] = [];
  for (const k of keys) {
    const hit = await countHit(db, k.key, windowMs, now);
    held.push(hit);
    if (hit.count > k.max) {
      await release(db, held);
      throw new LoginRateLimited(Math.max(1, Math.ceil((hit.resetAt - now) / 1000)));
    }
  }
  return held;
}

/** Gives the places back (the attempt did not count as a failure). */
async function release(db: Kysely<DB>, held: Hit[]): Promise<void> {
  for (const h of held) await releaseHit(db, h);
}

/**
 * Settles a successful attempt: the first key (the account's own) is cleared, as a success ends a
 * run of typos; the other places are given back.
 */
async function settleSuccess(db: Kysely<DB>, held: Hit[]): Promise<void> {
  const [own, ...rest] = held;
  if (own) await clearKey(db, own.key);
  await release(db, rest);
}

/**
 * Runs `check` (the slow password verification) holding a place on every key: true settles it as
 * a success, false keeps it as a failure, an exception gives it back. Throws LoginRateLimited
 * without calling `check` when a key is full.
 */
export async function withAttempt(db: Kysely<DB>, keys: LimitKey[], windowMs: number, now: number, check: () => Promise<boolean>): Promise<boolean> {
  const held = await reserveAttempt(db, keys, windowMs, now);
  let ok: boolean;
  try {
    ok = await check();
  } catch (err) {
    await release(db, held);
    throw err;
  }
  if (ok) await settleSuccess(db, held);
  return ok;
}
