import type { Outbound } from '../../net/outbound-http.js';

/**
 * What every HTTP source shares: a GET with a timeout and a User-Agent (Reddit refuses requests
 * without a descriptive one), and reading a network's "slow down" answer into a delay.
 */
export const USER_AGENT = 'Hearken/0.1 (social customer care; listening)';

/** A GET through the outbound client (public addresses only, every redirect re-checked, size-limited). */
export async function getUrl(url: string, o: { headers?: Record<string, string>; timeoutMs: number; outbound: Outbound }): Promise<Response> {
  return o.outbound.fetch(url, {
    headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...o.headers },
    timeoutMs: o.timeoutMs,
    redirect: 'follow',
  });
}

/** With no header at all, a 429 waits this long. */
export const DEFAULT_BACKOFF_MS = 60_000;

/**
 * How long to wait before calling again, from the headers networks use:
 * - Retry-After: seconds or an HTTP date (RFC 9110; Reddit, Mastodon behind proxies, YouTube);
 * - x-rate-limit-reset: epoch SECONDS when the window resets (X API v2);
 * - x-ratelimit-reset: Mastodon sends an ISO timestamp; Reddit sends SECONDS until the reset.
 * Returns undefined when the answer is not a rate limit (a 429, or a 403/503 with an exhausted
 * window or a Retry-After).
 */
export function rateLimitDelay(res: Response, now: number): number | undefined {
  const h = res.headers;
  const exhausted = ['x-rate-limit-remaining', 'x-ratelimit-remaining'].some((k) => h.has(k) && Number(h.get(k)) === 0);
  const limited = res.status === 429 || ((res.status === 503 || res.status === 403) && (exhausted || h.has('retry-after')));
  if (!limited) return undefined;
  const candidates: number[] = [];
  const ra = h.get('retry-after');
  if (ra) {
    const s = Number(ra);
    if (Number.isFinite(s)) candidates.push(s * 1000);
    else if (!Number.isNaN(Date.parse(ra))) candidates.push(Date.parse(ra) - now);
  }
  const xReset = h.get('x-rate-limit-reset');
  if (xReset && Number.isFinite(Number(xReset))) candidates.push(Number(xReset) * 1000 - now);
  const reset = h.get('x-ratelimit-reset');
  if (reset) {
    const n = Number(reset);
    if (Number.isFinite(n)) candidates.push(n > 1e9 ? n * 1000 - now : n * 1000);
    else if (!Number.isNaN(Date.parse(reset))) candidates.push(Date.parse(reset) - now);
  }
  const best = candidates.filter((c) => c > 0);
  return best.length ? Math.max(...best) : DEFAULT_BACKOFF_MS;
}

/**
 * A SUCCESSFUL answer that used up the window (remaining 0, as X, Reddit and Mastodon report on
 * every response): the delay until the reset, so the next call does not spend a 429 to learn it.
 */
export function windowExhausted(res: Response, now: number): number | undefined {
  const h = res.headers;
  const remaining = h.get('x-rate-limit-remaining') ?? h.get('x-ratelimit-remaining');
  if (remaining === null || Number(remaining) > 0) return undefined;
  return rateLimitDelay(new Response(null, { status: 429, headers: h }), now);
}

/**
 * A failed answer as an outcome: rate limits carry their delay, other 4xx are not retried soon.
 * Only a network's own API (`networkText`: X, Reddit, YouTube at their fixed hosts) has its answer
 * shown, since its error text is what an admin needs; a host an admin typed (a feed, a Mastodon
 * server) gets its status code only, so the poll result never relays what some server said.
 */
export async function failure(res: Response, now: number, what: string, o: { networkText?: boolean } = {}) {
  const body = o.networkText ? (await res.text().catch(() => '')).slice(0, 300) : '';
  if (!o.networkText) await res.body?.cancel().catch(() => {});
  const retryAfterMs = rateLimitDelay(res, now);
  return {
    ok: false as const,
    error: `${what} answered ${res.status}${body ? `: ${body}` : ''}`,
    retryAfterMs,
    permanent: retryAfterMs === undefined && res.status >= 400 && res.status < 500,
  };
}

/** HTML of a post (Mastodon content, RSS descriptions) as plain text for matching. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos|nbsp|#39);/gi, (_, e: string) => {
      const k = e.toLowerCase();
      if (k === 'amp') return '&';
      if (k === 'lt') return '<';
      if (k === 'gt') return '>';
      if (k === 'quot') return '"';
      if (k === 'apos' || k === '#39') return "'";
      if (k === 'nbsp') return ' ';
      const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    })
    .trim();
}

/** Compares decimal id strings of any length (X and Mastodon ids exceed 2^53). */
export function idGreater(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  if (a.length !== b.length) return a.length > b.length;
  return a > b;
}
