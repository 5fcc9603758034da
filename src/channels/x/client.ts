import { DEFAULT_RATE_LIMIT_WAIT_MS, X_API_BASE_URL } from './constants.js';
import { oauthHeader, type OAuth1Credentials } from './oauth1.js';
import { neverSent, outboundErrorText } from '../../net/outbound-errors.js';
import type { Outbound } from '../../net/outbound-http.js';

/**
 * A minimal X API v2 client signed with OAuth 1.0a user context. X answers errors as problem
 * objects {"title","detail","type","status"} (or {"errors":[{message,code}]} from older
 * gateways); 429 carries x-rate-limit-reset (epoch seconds).
 */
export type XAnswer =
  | { ok: true; status: number; body: any }
  | { ok: false; kind: 'refused'; status: number; error: string; retryAfterMs?: number }
  | { ok: false; kind: 'network'; error: string; outcomeUnknown: boolean };

export function xBaseUrl(settings: Record<string, unknown>): string {
  const b = settings.apiBaseUrl;
  return (typeof b === 'string' && b ? b : X_API_BASE_URL).replace(/\/+$/, '');
}

export function credentialsOf(secrets: Record<string, string>): OAuth1Credentials | null {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = secrets;
  if (!consumerKey || !consumerSecret || !accessToken || !accessTokenSecret) return null;
  return { consumerKey, consumerSecret, token: accessToken, tokenSecret: accessTokenSecret };
}

export async function callX(o: {
  baseUrl: string;
  creds: OAuth1Credentials;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  timeoutMs: number;
  outbound: Outbound;
}): Promise<XAnswer> {
  const url = new URL(o.baseUrl + o.path);
  for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await o.outbound.fetch(url, {
      method: o.method,
      headers: {
        authorization: oauthHeader(o.method, url.toString(), o.creds),
        'user-agent': 'Hearken/0.1',
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
      timeoutMs: o.timeoutMs,
    });
  } catch (err) {
    return { ok: false, kind: 'network', error: `X unreachable: ${outboundErrorText(err)}`, outcomeUnknown: !neverSent(err) };
  }
  const text = await res.text().catch(() => '');
  let j: any;
  try {
    j = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: described by status below */
  }
  if (res.ok) return { ok: true, status: res.status, body: j };
  const detail = j?.detail ?? j?.errors?.[0]?.message ?? j?.title ?? (text.slice(0, 300) || res.statusText);
  return {
    ok: false,
    kind: 'refused',
    status: res.status,
    error: `${j?.title && j.title !== detail ? `${j.title}: ` : ''}${detail}`,
    retryAfterMs: res.status === 429 ? waitOf(res.headers) : undefined,
  };
}

function waitOf(h: Headers): number {
  const reset = Number(h.get('x-rate-limit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - Date.now());
  const after = Number(h.get('retry-after'));
  if (Number.isFinite(after) && after > 0) return after * 1000;
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}
