import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';
import { callX, credentialsOf, xBaseUrl } from './client.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fail = (detail: string): Finding => ({ ok: false, detail });

/** X: the access token's user is the configured one. Read-only. */
export async function checkX(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const creds = credentialsOf(ch.secrets);
  if (!creds) return fail('the channel lacks X credentials (consumer key and secret, access token and secret)');
  const r = await callX({ baseUrl: xBaseUrl(ch.settings), creds, method: 'GET', path: '/users/me', timeoutMs, outbound: ctx.outbound });
  if (!r.ok) return fail(r.kind === 'network' ? r.error : `X answered HTTP ${r.status}: ${r.error}`);
  const me = r.body?.data ?? {};
  if (String(me.id) !== str(ch.settings.userId)) return fail(`the access token belongs to @${me.username} (${me.id}), not to user ${str(ch.settings.userId)}`);
  return { ok: true, detail: `@${me.username} (${me.id})` };
}
