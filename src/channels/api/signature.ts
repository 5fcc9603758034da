import { hmacHex, safeEqual } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';

/** Deliveries older or newer than this are refused, so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The API channel's signature, both directions: X-Hearken-Timestamp (unix seconds) and
 * X-Hearken-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>.
 */
export function signBody(secret: string, body: string, nowMs: number): Record<string, string> {
  const ts = Math.floor(nowMs / 1000).toString();
  return { 'x-hearken-timestamp': ts, 'x-hearken-signature': `sha256=${hmacHex(secret, `${ts}.${body}`)}` };
}

export function verifyBody(secret: string, headers: Record<string, string>, body: string, nowMs: number): void {
  const ts = headers['x-hearken-timestamp'];
  const sig = headers['x-hearken-signature'];
  if (!ts || !sig) throw new AppError('invalid_signature', 'missing X-Hearken-Timestamp or X-Hearken-Signature header');
  const tsMs = Number(ts) * 1000;
  if (!Number.isFinite(tsMs) || Math.abs(nowMs - tsMs) > SIGNATURE_TOLERANCE_MS) {
    throw new AppError('invalid_signature', 'X-Hearken-Timestamp is missing, malformed or more than 5 minutes away from now');
  }
  if (!safeEqual(sig, `sha256=${hmacHex(secret, `${ts}.${body}`)}`)) throw new AppError('invalid_signature', 'signature does not match the body');
}
