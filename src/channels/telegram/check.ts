import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';
import { baseUrlOf, callTelegram } from './client.js';

const fail = (detail: string): Finding => ({ ok: false, detail });

/** Telegram: getMe with the bot token says which bot it is. Read-only. */
export async function checkTelegram(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const r = await callTelegram({
    baseUrl: baseUrlOf(ch.settings),
    token: ch.secrets.botToken ?? '',
    method: 'getMe',
    params: {},
    timeoutMs,
    outbound: ctx.outbound,
  });
  if (!r.ok) return fail(r.kind === 'network' ? r.error : `Telegram error ${r.errorCode}: ${r.description}`);
  return { ok: true, detail: `bot @${r.result?.username} (${r.result?.id})` };
}
