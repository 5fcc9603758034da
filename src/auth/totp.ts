import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { open, seal } from '../lib/crypto.js';

/**
 * RFC 6238 time-based codes (the authenticator apps' default: SHA-1, 6 digits, 30 s). A code is
 * accepted one step early or late (clock drift), and never twice: the step it matched is stored
 * (users.totp_last_step) and a code of that step or an earlier one is refused.
 */
const PERIOD = 30;

function totp(secretBase32: string, label = 'account') {
  return new OTPAuth.TOTP({ issuer: 'Hearken', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32;

export const sealSecret = (key: Buffer, base32: string) => seal(key, base32);
export const openSecret = (key: Buffer, sealed: string) => open(key, sealed);

/** The matched time step, or null (wrong, malformed, or not newer than `lastStep`). */
export function matchTotp(secretBase32: string, code: string, now: number, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** What the enrolment screen shows: the otpauth:// URI as an SVG QR code (data URL) and the secret in text. */
export async function enrolmentView(secretBase32: string, email: string) {
  const uri = totp(secretBase32, email).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1 });
  return { secret: secretBase32, otpauthUri: uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** For tests and the fake: the current code of a secret. */
export const currentTotp = (secretBase32: string, now = Date.now()) => totp(secretBase32).generate({ timestamp: now });
