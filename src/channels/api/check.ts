import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fail = (detail: string): Finding => ({ ok: false, detail });

/** API channel: the callback URL answers (HEAD). */
export async function checkApi(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const url = str(ch.settings.callbackUrl);
  if (!url) return { ok: true, detail: 'no callback URL: inbound only (replies cannot be delivered)' };
  // HEAD: reachability only. Any answer but "not found" or a server error means a receiver is there.
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (res.status === 404 || res.status === 410 || res.status >= 500) return fail(`the callback URL answered HTTP ${res.status} ${res.statusText}`);
    return { ok: true, detail: `callback reachable (HTTP ${res.status})` };
  } catch (err) {
    // fetch wraps the real reason (refused, DNS, a port browsers block) in `cause`.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    return fail(`the callback URL is unreachable: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}${why ? ` (${why})` : ''}`);
  }
}
