import { createHmac, randomBytes } from 'node:crypto';

/**
 * OAuth 1.0a HMAC-SHA1 request signing (RFC 5849 §3.4, X's "Creating a signature"): user-context
 * auth for posting, DMs and reading DM events with the access token the account owner authorized.
 * JSON bodies are not part of the signature (only form-encoded ones are); query parameters are.
 */
export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** RFC 3986 percent-encoding, as OAuth requires (encodeURIComponent leaves !'()* alone). */
export const pct = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signature base string's URL: scheme and host lower-cased, default port dropped, no query. */
function baseUrl(u: URL): string {
  const port = u.port && !((u.protocol === 'https:' && u.port === '443') || (u.protocol === 'http:' && u.port === '80')) ? `:${u.port}` : '';
  return `${u.protocol.toLowerCase()}//${u.hostname.toLowerCase()}${port}${u.pathname}`;
}

export function oauthSignature(method: string, url: string, params: Array<[string, string]>, consumerSecret: string, tokenSecret: string): string {
  const u = new URL(url);
  const all = [...params, ...[...u.searchParams.entries()]].map(([k, v]) => [pct(k), pct(v)] as const);
  all.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const paramString = all.map(([k, v]) => `${k}=${v}`).join('&');
  const base = `${method.toUpperCase()}&${pct(baseUrl(u))}&${pct(paramString)}`;
  return createHmac('sha1', `${pct(consumerSecret)}&${pct(tokenSecret)}`)
    .update(base)
    .digest('base64');
}

/** The Authorization header for one request. `extra` are form-body parameters, if any. */
export function oauthHeader(
  method: string,
  url: string,
  c: OAuth1Credentials,
  o: { nonce?: string; timestamp?: number; extra?: Array<[string, string]> } = {},
): string {
  const oauth: Array<[string, string]> = [
    ['oauth_consumer_key', c.consumerKey],
    ['oauth_nonce', o.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(o.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_token', c.token],
    ['oauth_version', '1.0'],
  ];
  const signature = oauthSignature(method, url, [...oauth, ...(o.extra ?? [])], c.consumerSecret, c.tokenSecret);
  return `OAuth ${[...oauth, ['oauth_signature', signature]].map(([k, v]) => `${pct(k)}="${pct(v)}"`).join(', ')}`;
}

/** Parses an `OAuth k="v", …` header (the fake network uses it to check our signatures). */
export function parseOAuthHeader(h: string): Record<string, string> | null {
  if (!h.startsWith('OAuth ')) return null;
  const out: Record<string, string> = {};
  for (const m of h.slice(6).matchAll(/([\w%]+)="([^"]*)"/g)) out[decodeURIComponent(m[1]!)] = decodeURIComponent(m[2]!);
  return out;
}
