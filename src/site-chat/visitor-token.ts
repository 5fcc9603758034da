import { randomToken, hmacHex, safeEqual } from '../lib/crypto.js';

/** A visitor keeps their conversation across page loads for this long without writing. */
export const VISITOR_TOKEN_DAYS = 180;

export interface VisitorClaims {
  channelId: string;
  visitorId: string;
  issuedAt: number;
}

export const newVisitorId = () => `v_${randomToken(15)}`;

/**
 * A visitor token: `<base64url(json claims)>.<hex HMAC-SHA256 of it>` with the channel's own
 * visitorTokenSecret, so it is stateless, bound to one channel, and rotating the channel's
 * secrets ends every visitor session. It is kept by the widget in the site's localStorage.
 */
export function signVisitorToken(secret: string, c: VisitorClaims): string {
  const body = Buffer.from(JSON.stringify({ c: c.channelId, v: c.visitorId, t: c.issuedAt })).toString('base64url');
  return `${body}.${hmacHex(secret, body)}`;
}

/** The claims, or null when the token is malformed, forged, for another channel, or expired. */
export function verifyVisitorToken(secret: string, token: string, channelId: string, now: number): VisitorClaims | null {
  if (!secret || token.length > 400) return null;
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  if (!safeEqual(token.slice(dot + 1), hmacHex(secret, body))) return null;
  let j: { c?: unknown; v?: unknown; t?: unknown };
  try {
    j = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (j.c !== channelId || typeof j.v !== 'string' || !/^v_[A-Za-z0-9_-]{8,40}$/.test(j.v) || typeof j.t !== 'number') return null;
  if (now - j.t > VISITOR_TOKEN_DAYS * 86_400_000) return null;
  return { channelId: j.c, visitorId: j.v, issuedAt: j.t };
}
