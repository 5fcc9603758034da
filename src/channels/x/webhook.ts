import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import type { RawDelivery } from '../contract/adapter.js';
import { WEBHOOK_SIGNATURE_HEADER } from './constants.js';

/** "sha256=" + base64 HMAC-SHA256(consumer secret, data): the CRC answer and the delivery signature alike. */
export const xHmac = (consumerSecret: string, data: string | Buffer) => `sha256=${createHmac('sha256', consumerSecret).update(data).digest('base64')}`;

/** Account Activity deliveries: x-twitter-webhooks-signature over the raw body, compared in constant time. */
export function verifyXSignature(delivery: RawDelivery, secrets: Record<string, string>): void {
  const secret = secrets.consumerSecret;
  if (!secret) throw new AppError('invalid_signature', 'channel has no consumer secret: paste it in the channel settings');
  const sig = delivery.headers[WEBHOOK_SIGNATURE_HEADER];
  if (!sig) throw new AppError('invalid_signature', 'missing x-twitter-webhooks-signature header');
  if (!safeEqual(sig, xHmac(secret, Buffer.from(delivery.body, 'utf8'))))
    throw new AppError('invalid_signature', 'x-twitter-webhooks-signature does not match the body');
}

/**
 * The Challenge-Response Check: GET ?crc_token=… answered 200 with
 * {"response_token": "sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>"}. Nothing secret is
 * compared here (X checks our answer), so no constant-time concern.
 */
export function xCrcHandshake(query: Record<string, string>, secrets: Record<string, string>) {
  const token = query.crc_token;
  if (token === undefined) return null;
  if (!secrets.consumerSecret) return { status: 403, body: 'channel has no consumer secret' };
  if (!token) return { status: 400, body: 'crc_token is empty' };
  return { status: 200, body: JSON.stringify({ response_token: xHmac(secrets.consumerSecret, token) }), contentType: 'application/json' };
}
