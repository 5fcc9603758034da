import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';
import { GRAPH_BASE_URL, INSTAGRAM_GRAPH_BASE_URL } from './constants.js';
import { graphGet } from './templates-graph.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fail = (detail: string): Finding => ({ ok: false, detail });

/** Messenger: who the Page token belongs to, and whether an app is subscribed to the Page's webhooks. Read-only. */
export async function checkMessenger(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const base = str(ch.settings.apiBaseUrl) || GRAPH_BASE_URL;
  const pageId = str(ch.settings.pageId);
  const auth = { baseUrl: base, token: ch.secrets.pageAccessToken ?? '', appSecret: ch.secrets.appSecret, timeoutMs, outbound: ctx.outbound };
  const me = await graphGet<{ id?: string; name?: string }>({ ...auth, path: 'me', query: { fields: 'id,name' } });
  if (!me.ok) return fail(me.error);
  if (me.data.id !== pageId)
    return fail(`the Page access token belongs to ${me.data.name ?? '?'} (${me.data.id}), not to Page ${pageId}: paste the token of this Page`);
  const subs = await graphGet<{ data?: unknown[] }>({ ...auth, path: `${encodeURIComponent(pageId)}/subscribed_apps` });
  if (!subs.ok) return fail(subs.error);
  if (!subs.data.data?.length) return fail(`Page ${me.data.name} accepts the token, but no app is subscribed to its webhooks: POST /${pageId}/subscribed_apps`);
  return { ok: true, detail: `Page "${me.data.name}" (${pageId}); webhooks subscribed` };
}

/** Instagram: the account the token belongs to. Read-only. */
export async function checkInstagram(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const base = str(ch.settings.apiBaseUrl) || INSTAGRAM_GRAPH_BASE_URL;
  const accountId = str(ch.settings.accountId);
  const me = await graphGet<{ user_id?: string; username?: string }>({
    baseUrl: base,
    path: 'me',
    query: { fields: 'user_id,username' },
    token: ch.secrets.accessToken ?? '',
    appSecret: ch.secrets.appSecret,
    timeoutMs,
    outbound: ctx.outbound,
  });
  if (!me.ok) return fail(me.error);
  if (String(me.data.user_id) !== accountId)
    return fail(`the access token belongs to @${me.data.username ?? '?'} (${me.data.user_id}), not to account ${accountId}`);
  return { ok: true, detail: `Instagram @${me.data.username} (${accountId})` };
}

/** WhatsApp: the phone number answers, and (with businessAccountId) an app is subscribed to the account's webhooks. Read-only. */
export async function checkWhatsApp(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
  const base = str(ch.settings.apiBaseUrl) || GRAPH_BASE_URL;
  const phone = str(ch.settings.phoneNumberId);
  const auth = { baseUrl: base, token: ch.secrets.accessToken ?? '', appSecret: ch.secrets.appSecret, timeoutMs, outbound: ctx.outbound };
  const num = await graphGet<{ display_phone_number?: string; verified_name?: string }>({
    ...auth,
    path: encodeURIComponent(phone),
    query: { fields: 'display_phone_number,verified_name' },
  });
  if (!num.ok) return fail(num.error);
  const waba = str(ch.settings.businessAccountId);
  if (!waba)
    return {
      ok: true,
      detail: `${num.data.verified_name} ${num.data.display_phone_number}; set businessAccountId to check the webhook subscription and use templates`,
    };
  const subs = await graphGet<{ data?: unknown[] }>({ ...auth, path: `${encodeURIComponent(waba)}/subscribed_apps` });
  if (!subs.ok) return fail(subs.error);
  if (!subs.data.data?.length)
    return fail(`the number answers, but no app is subscribed to WhatsApp Business Account ${waba}'s webhooks: POST /${waba}/subscribed_apps`);
  return { ok: true, detail: `${num.data.verified_name} ${num.data.display_phone_number}; webhooks subscribed` };
}
