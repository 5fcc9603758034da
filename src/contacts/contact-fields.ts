import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * The contact's own e-mail and phone, normalised once at the boundary so that search, the CSV
 * import's matching and duplicates compare like with like: e-mail trimmed and lower-cased,
 * phone in E.164. A phone without a country code cannot be placed, so it is refused rather than
 * guessed (the workspace has no home country).
 */
export const EMAIL_MAX = 254;

export function normalizeEmail(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const s = raw.trim().toLowerCase();
  if (s.length > EMAIL_MAX || !z.email().safeParse(s).success) return { ok: false, reason: 'is not an e-mail address' };
  return { ok: true, value: s };
}

export function normalizePhone(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const s = raw.trim().replace(/^00/, '+');
  const p = parsePhoneNumberFromString(s);
  if (!p || !p.isPossible()) return { ok: false, reason: 'is not a phone number in international form (+ and country code)' };
  return { ok: true, value: p.number };
}

/**
 * The digits of a search text when it looks like (part of) a phone number: only phone punctuation
 * and at least 4 digits. Leading zeros go (a national trunk 0, an international 00), so "06 12 34"
 * finds +33612345678.
 */
export function phoneDigits(q: string): string | null {
  if (!/^[+()\d\s.\-/]+$/.test(q.trim())) return null;
  const digits = q.replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 4 ? digits : null;
}

/** Zod fields for the API: null clears, a bad value is a field error naming email or phone. */
export const emailField = z
  .string()
  .max(EMAIL_MAX)
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const r = normalizeEmail(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  });

export const phoneField = z
  .string()
  .max(40)
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const r = normalizePhone(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  });
