import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The hosted rating page's link token: "<survey id>.<HMAC-SHA256(secret key, survey id)>" in
 * base64url. Survey ids are time-ordered (guessable), the signature is not: without the
 * server's key nobody can make a valid link for another survey. Compared in constant time.
 */
const sign = (key: Buffer, surveyId: string) => createHmac('sha256', key).update(`hearken-survey:${surveyId}`).digest('base64url');

export const surveyToken = (key: Buffer, surveyId: string) => `${surveyId}.${sign(key, surveyId)}`;

export function verifySurveyToken(key: Buffer, token: string): string | null {
  const m = /^([0-9a-f]{8,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const want = Buffer.from(sign(key, m[1]!));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got) ? m[1]! : null;
}

export const surveyUrl = (publicUrl: string, key: Buffer, surveyId: string) => `${publicUrl.replace(/\/+$/, '')}/s/${surveyToken(key, surveyId)}`;
