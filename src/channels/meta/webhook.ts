import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import { hmacHex, randomToken, safeEqual } from '../../lib/crypto.js';
import { AppError, invalid } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import type { RawDelivery } from '../contract/adapter.js';

/**
 * What every Meta webhook (Pages, Instagram, WhatsApp) shares: the GET subscription handshake,
 * X-Hub-Signature-256 over the raw body with the app secret, and the pasted credentials.
 */

/** Deliveries carry X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>. Compared in constant time. */
export function verifyMetaSignature(delivery: RawDelivery, secrets: Record<string, string>): void {
  const appSecret = secrets.appSecret;
  if (!appSecret) throw new AppError('invalid_signature', 'channel has no app secret: paste it in the channel settings');
  const sig = delivery.headers['x-hub-signature-256'];
  if (!sig) throw new AppError('invalid_signature', 'missing X-Hub-Signature-256 header');
  if (!safeEqual(sig, `sha256=${hmacHex(appSecret, Buffer.from(delivery.body, 'utf8'))}`))
    throw new AppError('invalid_signature', 'X-Hub-Signature-256 does not match the body');
}

export function signMetaBody(appSecret: string, body: string): Record<string, string> {
  return { 'x-hub-signature-256': `sha256=${hmacHex(appSecret, Buffer.from(body, 'utf8'))}` };
}

/**
 * Meta's verification request: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… —
 * answered with the challenge when the token is the channel's verify token, 403 otherwise.
 */
export function metaHandshake(query: Record<string, string>, secrets: Record<string, string>) {
  if (query['hub.mode'] === undefined && query['hub.challenge'] === undefined) return null;
  const token = query['hub.verify_token'] ?? '';
  const expected = secrets.verifyToken ?? '';
  if (query['hub.mode'] !== 'subscribe' || !expected || !safeEqual(token, expected)) return { status: 403, body: 'verify token does not match' };
  return { status: 200, body: query['hub.challenge'] ?? '', contentType: 'text/plain' };
}

/** The verify token Hearken generates; the admin pastes it into the Meta app's webhook settings. */
export const newMetaSecrets = () => ({ verifyToken: `hk_vt_${randomToken(24)}` });

/** settings.apiBaseUrl: for a proxy or a test double; replaces the Graph host and version. */
export const apiBaseUrl = z.url({ protocol: /^https?$/ }).optional();
export const graphId = z.string().regex(/^\d{1,30}$/, 'must be a numeric Meta id');

export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw zodToAppError(r.error, 'settings.');
  return r.data;
}

/**
 * Picks pasted credentials out of a settings input. `required` ones must be given at creation
 * (and may be replaced later); they are sealed with the channel's secrets, never kept as settings.
 */
export function takeSecretFields(input: unknown, fields: readonly string[], existing?: Record<string, string>): Record<string, string> {
  const src = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = src[f];
    if (v === undefined) {
      if (!existing?.[f]) throw invalid(`settings.${f}`, 'is required (it is stored encrypted and never shown again)');
      continue;
    }
    if (typeof v !== 'string' || v.trim().length < 8 || v.length > 1000) throw invalid(`settings.${f}`, 'must be the string Meta shows (8 to 1000 characters)');
    out[f] = v.trim();
  }
  return out;
}

/** A Meta timestamp: epoch ms (messaging), epoch seconds (feed, WhatsApp, often as strings) or ISO. */
export function metaTime(t: unknown, fallback: number): number {
  if (typeof t === 'number' && Number.isFinite(t)) return t < 1e12 ? t * 1000 : t;
  if (typeof t === 'string' && t) {
    if (/^\d+$/.test(t)) return metaTime(Number(t), fallback);
    const p = Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isFinite(p)) return p;
  }
  return fallback;
}

/**
 * Parses the body as Meta envelopes of the expected object type and returns all their entries
 * (one POST may batch up to 1,000). A top-level array of envelopes (as some doc examples show)
 * is accepted too. Throws a clear reason when the body is not a Meta webhook of this kind.
 */
export function parseEntries(body: string, object: string): MetaEntry[] {
  const json: unknown = JSON.parse(body);
  const envelopes = Array.isArray(json) ? json : [json];
  const entries: MetaEntry[] = [];
  for (const [n, env] of envelopes.entries()) {
    const r = envelope.safeParse(env);
    const at = Array.isArray(json) ? `[${n}].` : '';
    if (!r.success) throw new Error(describeIssues(r.error, at));
    if (r.data.object !== object)
      throw new Error(`${at}object: expected "${object}" for this channel, got "${r.data.object}" (is another channel's webhook URL configured here?)`);
    entries.push(...r.data.entry);
  }
  return entries;
}

/** An entry's changes: the documented changes[] array, or the flattened {field, value} some examples show. */
export function changesOf(entry: MetaEntry): Array<{ field: string; value: unknown }> {
  if (entry.changes) return entry.changes;
  const e = entry as Record<string, unknown>;
  return typeof e.field === 'string' && 'value' in e ? [{ field: e.field, value: e.value }] : [];
}

const envelope = z.object({
  object: z.string(),
  entry: z
    .array(
      z
        .object({
          id: z.string().optional(),
          time: z.union([z.number(), z.string()]).optional(),
          messaging: z.array(z.record(z.string(), z.unknown())).optional(),
          standby: z.array(z.record(z.string(), z.unknown())).optional(),
          changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
        })
        .passthrough(),
    )
    .max(1000),
});
export type MetaEntry = z.infer<typeof envelope>['entry'][number];
