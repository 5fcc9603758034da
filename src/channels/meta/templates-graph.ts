import { outboundErrorText } from '../../net/outbound-errors.js';
import type { Outbound } from '../../net/outbound-http.js';
import { hmacHex } from '../../lib/crypto.js';
import { classifyGraphError, type GraphError } from './graph-client.js';

export type GraphRead<T> = { ok: true; data: T } | { ok: false; error: string; permanent: boolean };

/**
 * One Graph API GET (template lists, `GET /me`), authenticated like graphPost: Bearer token plus
 * appsecret_proof when the app secret is known. Never throws; errors carry Meta's own text
 * (and classifyGraphError's hint), so an admin reads what Meta said.
 */
export async function graphGet<T>(o: {
  baseUrl: string;
  path: string;
  query?: Record<string, string>;
  token: string;
  appSecret?: string;
  timeoutMs: number;
  outbound: Outbound;
}): Promise<GraphRead<T>> {
  if (!o.token) return { ok: false, permanent: true, error: 'the channel has no access token: paste one in the channel settings' };
  const url = new URL(`${o.baseUrl.replace(/\/+$/, '')}/${o.path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  if (o.appSecret) url.searchParams.set('appsecret_proof', hmacHex(o.appSecret, o.token));
  let res: Response;
  try {
    res = await o.outbound.fetch(url, { headers: { authorization: `Bearer ${o.token}`, 'user-agent': 'Hearken/0.1' }, timeoutMs: o.timeoutMs });
  } catch (err) {
    return { ok: false, permanent: false, error: `Meta unreachable: ${outboundErrorText(err)}` };
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok && json && typeof json === 'object' && !('error' in json)) return { ok: true, data: json as T };
  const e = json && typeof json === 'object' && 'error' in json ? ((json as { error: GraphError }).error ?? {}) : {};
  const r = classifyGraphError(res.status, e, text, res.headers.get('retry-after'));
  return { ok: false, permanent: r.permanent, error: r.error };
}
