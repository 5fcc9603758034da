import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';

const fail = (detail: string): Finding => ({ ok: false, detail });

/** Site chat: there is no network to ask; the settings a widget needs are present. */
export async function checkSite(_ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const origins = Array.isArray(ch.settings.allowedOrigins) ? (ch.settings.allowedOrigins as string[]) : [];
  if (!origins.length) return fail('no allowed origins: the widget cannot be used on any site');
  if (!ch.secrets.visitorTokenSecret) return fail('the channel has no visitor token secret: rotate its secrets');
  return { ok: true, detail: `widget allowed on ${origins.join(', ')} (no network to ask)` };
}
