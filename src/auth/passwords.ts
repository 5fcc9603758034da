import argon2 from 'argon2';
import { randomToken } from '../lib/crypto.js';

/** argon2id with the library's defaults (OWASP-recommended memory/time cost). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Hashed once per process, lazily, so only the first unknown-email login pays for it.
let dummy: Promise<string> | undefined;

/**
 * Verifies against the user's hash, or against a throwaway hash with the same parameters when
 * there is no such user, so "unknown email" and "wrong password" take about the same time.
 */
export async function verifyPasswordOrDummy(hash: string | undefined, password: string): Promise<boolean> {
  if (hash) return verifyPassword(hash, password);
  dummy ??= hashPassword(randomToken(16));
  await verifyPassword(await dummy, password);
  return false;
}

/** Passwords generated for new members: 16 random bytes, shown once. */
export const generatePassword = () => randomToken(16);
