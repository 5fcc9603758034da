import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';
import { outboundErrorText } from '../../net/outbound-errors.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fail = (detail: string): Finding => ({ ok: false, detail });

/** API channel: the callback URL answers (HEAD). */
export async function checkApi(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const url = str(ch.settings.callbackUrl);
  if (!url) return { ok: true, detail: 'no callback URL: inbound only (replies cannot be delivered)' };
  // HEAD: reachability only. Any answer but "not found" or a server error means a receiver is there.
  try {
    // A status code only: the callback is a host of the admin's choosing, its words are not shown.
    const res = await ctx.outbound.fetch(url, { method: 'HEAD', timeoutMs, redirect: 'manual' });
    if (res.status === 404 || res.status === 410 || res.status >= 500) return fail(`the callback URL answered HTTP ${res.status}`);
    return { ok: true, detail: `callback reachable (HTTP ${res.status})` };
  } catch (err) {
    return fail(`the callback URL is unreachable: ${outboundErrorText(err)}`);
  }
}
