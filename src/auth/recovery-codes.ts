import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../lib/crypto.js';
import type { DB } from '../store/schema.js';

/**
 * Ten one-time codes, shown once. 50 random bits each (10 base32 characters): far beyond what
 * the sign-in rate limit lets anyone guess, so a plain sha256 is enough to store them.
 */
const COUNT = 10;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function newCode(): string {
  const b = randomBytes(10);
  let s = '';
  for (const x of b) s += ALPHABET[x % ALPHABET.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

const normalize = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');
const hashCode = (code: string) => sha256Hex(`recovery:${normalize(code)}`);

/** Replaces the account's codes with ten new ones; answers them in clear (the only time). */
export async function replaceRecoveryCodes(tx: Kysely<DB>, userId: string, now: number): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, newCode);
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashCode(c), created_at: now, used_at: null })))
    .execute();
  return codes;
}

/** Marks an unused code used; answers how many are left, or null when it is not a valid unused code. */
export async function consumeRecoveryCode(tx: Kysely<DB>, userId: string, code: string, now: number): Promise<number | null> {
  if (normalize(code).length !== 10) return null;
  const r = await tx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const left = await tx
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(left.n);
}
