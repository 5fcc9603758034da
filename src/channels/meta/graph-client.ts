import { neverSent, outboundErrorText } from '../../net/outbound-errors.js';
import type { Outbound } from '../../net/outbound-http.js';
import { hmacHex } from '../../lib/crypto.js';
import type { SendResult } from '../contract/send.js';
import { RATE_LIMIT_BACKOFF_MS, RATE_LIMIT_CODES, TRANSIENT_CODES } from './constants.js';

/** Meta's documented error body: {"error": {"message", "type", "code", "error_subcode", "error_data", "fbtrace_id"}}. */
export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  error_data?: { details?: string } | string;
  fbtrace_id?: string;
}

export type GraphCall<T> = { ok: true; data: T } | { ok: false; result: Extract<SendResult, { ok: false }> };

/**
 * A thin Graph API client: one POST with a JSON body, the access token as a Bearer header, and
 * appsecret_proof (HMAC-SHA256 of the token with the app secret) when the app secret is known, so
 * a leaked token alone cannot call the API if the app requires the proof. Never throws: network
 * failures and Graph errors become a SendResult failure, classified as the outbox needs it.
 */
export async function graphPost<T>(o: {
  baseUrl: string;
  path: string;
  token: string;
  appSecret?: string;
  body: unknown;
  timeoutMs: number /** A file upload: multipart instead of JSON (`body` is then ignored). */;
  form?: FormData;
  outbound: Outbound;
  /** DELETE for removing a node (a comment); default POST. A DELETE sends no body. */
  method?: 'POST' | 'DELETE';
}): Promise<GraphCall<T>> {
  if (!o.token) return { ok: false, result: { ok: false, permanent: true, error: 'the channel has no access token: paste one in the channel settings' } };
  const url = new URL(`${o.baseUrl.replace(/\/+$/, '')}/${o.path.replace(/^\/+/, '')}`);
  if (o.appSecret) url.searchParams.set('appsecret_proof', hmacHex(o.appSecret, o.token));
  let res: Response;
  try {
    const del = o.method === 'DELETE';
    res = await o.outbound.fetch(url, {
      method: o.method ?? 'POST',
      // A FormData body sets its own multipart content type (with the boundary).
      headers:
        o.form || del
          ? { authorization: `Bearer ${o.token}`, 'user-agent': 'Hearken/0.1' }
          : { 'content-type': 'application/json', authorization: `Bearer ${o.token}`, 'user-agent': 'Hearken/0.1' },
      body: del ? undefined : (o.form ?? JSON.stringify(o.body)),
      timeoutMs: o.timeoutMs,
    });
  } catch (err) {
    // Refused connections and DNS failures never reached Meta; a timeout or reset might have.
    return { ok: false, result: { ok: false, permanent: false, error: `Meta unreachable: ${outboundErrorText(err)}`, outcomeUnknown: !neverSent(err) } };
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok && json && typeof json === 'object' && !('error' in json)) return { ok: true, data: json as T };
  const error = json && typeof json === 'object' && 'error' in json ? ((json as { error: GraphError }).error ?? {}) : {};
  return { ok: false, result: classifyGraphError(res.status, error, text, res.headers.get('retry-after')) };
}

/**
 * Maps a Graph error to the outbox's vocabulary: rate limits and Meta's temporary errors are
 * transient (retried with backoff, never dropped); everything else is the network refusing this
 * message, shown to the agent with Meta's own text and a hint.
 */
export function classifyGraphError(status: number, e: GraphError, raw: string, retryAfter?: string | null): Extract<SendResult, { ok: false }> {
  const code = typeof e.code === 'number' ? e.code : undefined;
  const sub = typeof e.error_subcode === 'number' ? e.error_subcode : undefined;
  const details = typeof e.error_data === 'object' && e.error_data?.details ? ` — ${e.error_data.details}` : '';
  const what =
    code !== undefined
      ? `Meta error ${code}${sub ? `/${sub}` : ''}: ${e.message ?? 'no message'}${details}`
      : `Meta answered HTTP ${status}: ${raw.slice(0, 500) || 'no body'}`;
  const hinted = `${what}${hint(code, sub)}`;
  const after = Number(retryAfter);
  const retryAfterMs = Number.isFinite(after) && after > 0 ? after * 1000 : undefined;
  if (code !== undefined && code in RATE_LIMIT_CODES) {
    return { ok: false, permanent: false, error: hinted, retryAfterMs: retryAfterMs ?? RATE_LIMIT_BACKOFF_MS[RATE_LIMIT_CODES[code]!] };
  }
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || (code === undefined && (status >= 500 || status === 429))) {
    return { ok: false, permanent: false, error: hinted, retryAfterMs };
  }
  return { ok: false, permanent: true, error: hinted };
}

function hint(code?: number, sub?: number): string {
  if (code === 190) return ' (the access token is invalid or expired: paste a new one in the channel settings)';
  if (code === 10 && (sub === 2018278 || sub === 2018065)) return ' (the messaging window is closed: the customer must write first)';
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return ' (a permission is missing: check the app permissions and that the token belongs to the right Page or account)';
  if (code === 10900) return ' (this comment was already answered privately: Meta allows one private reply per comment)';
  if (code === 551) return ' (this person is not available: they may have blocked the Page or deleted their account)';
  if (code === 131047) return ' (more than 24 hours since the customer wrote: only an approved template can be sent)';
  if (code === 131026) return ' (the message could not be delivered to this WhatsApp user)';
  return '';
}
