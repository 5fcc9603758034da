import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { LoadedChannel } from '../load-channel.js';
import { GRAPH_BASE_URL, INSTAGRAM_GRAPH_BASE_URL } from '../meta/constants.js';
import { graphGet } from '../meta/templates-graph.js';
import { baseUrlOf, callTelegram } from '../telegram/client.js';
import { callX, credentialsOf, xBaseUrl } from '../x/client.js';

/** One finding: ok with what was verified, or failed with the network's own words. */
export type Finding = { ok: true; detail: string } | { ok: false; detail: string };
type Check = (ch: LoadedChannel, timeoutMs: number) => Promise<Finding>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fail = (detail: string): Finding => ({ ok: false, detail });

/**
 * Per channel type: ask the network whether the stored credentials and settings work, the way
 * an admin would check by hand — who the token belongs to, whether the webhook is subscribed,
 * whether the mailbox accepts the login. Read-only calls only: a check never posts anything.
 */
export const checks: Record<string, Check> = {
  async messenger(ch, timeoutMs) {
    const base = str(ch.settings.apiBaseUrl) || GRAPH_BASE_URL;
    const pageId = str(ch.settings.pageId);
    const auth = { baseUrl: base, token: ch.secrets.pageAccessToken ?? '', appSecret: ch.secrets.appSecret, timeoutMs };
    const me = await graphGet<{ id?: string; name?: string }>({ ...auth, path: 'me', query: { fields: 'id,name' } });
    if (!me.ok) return fail(me.error);
    if (me.data.id !== pageId)
      return fail(`the Page access token belongs to ${me.data.name ?? '?'} (${me.data.id}), not to Page ${pageId}: paste the token of this Page`);
    const subs = await graphGet<{ data?: unknown[] }>({ ...auth, path: `${encodeURIComponent(pageId)}/subscribed_apps` });
    if (!subs.ok) return fail(subs.error);
    if (!subs.data.data?.length)
      return fail(`Page ${me.data.name} accepts the token, but no app is subscribed to its webhooks: POST /${pageId}/subscribed_apps`);
    return { ok: true, detail: `Page "${me.data.name}" (${pageId}); webhooks subscribed` };
  },

  async instagram(ch, timeoutMs) {
    const base = str(ch.settings.apiBaseUrl) || INSTAGRAM_GRAPH_BASE_URL;
    const accountId = str(ch.settings.accountId);
    const me = await graphGet<{ user_id?: string; username?: string }>({
      baseUrl: base,
      path: 'me',
      query: { fields: 'user_id,username' },
      token: ch.secrets.accessToken ?? '',
      appSecret: ch.secrets.appSecret,
      timeoutMs,
    });
    if (!me.ok) return fail(me.error);
    if (String(me.data.user_id) !== accountId)
      return fail(`the access token belongs to @${me.data.username ?? '?'} (${me.data.user_id}), not to account ${accountId}`);
    return { ok: true, detail: `Instagram @${me.data.username} (${accountId})` };
  },

  async whatsapp(ch, timeoutMs) {
    const base = str(ch.settings.apiBaseUrl) || GRAPH_BASE_URL;
    const phone = str(ch.settings.phoneNumberId);
    const auth = { baseUrl: base, token: ch.secrets.accessToken ?? '', appSecret: ch.secrets.appSecret, timeoutMs };
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
  },

  async telegram(ch, timeoutMs) {
    const r = await callTelegram({ baseUrl: baseUrlOf(ch.settings), token: ch.secrets.botToken ?? '', method: 'getMe', params: {}, timeoutMs });
    if (!r.ok) return fail(r.kind === 'network' ? r.error : `Telegram error ${r.errorCode}: ${r.description}`);
    return { ok: true, detail: `bot @${r.result?.username} (${r.result?.id})` };
  },

  async x(ch, timeoutMs) {
    const creds = credentialsOf(ch.secrets);
    if (!creds) return fail('the channel lacks X credentials (consumer key and secret, access token and secret)');
    const r = await callX({ baseUrl: xBaseUrl(ch.settings), creds, method: 'GET', path: '/users/me', timeoutMs });
    if (!r.ok) return fail(r.kind === 'network' ? r.error : `X answered HTTP ${r.status}: ${r.error}`);
    const me = r.body?.data ?? {};
    if (String(me.id) !== str(ch.settings.userId))
      return fail(`the access token belongs to @${me.username} (${me.id}), not to user ${str(ch.settings.userId)}`);
    return { ok: true, detail: `@${me.username} (${me.id})` };
  },

  async email(ch, timeoutMs) {
    const s = ch.settings as Record<string, any>;
    const pass = ch.secrets.password;
    if (!pass) return fail('the channel has no mailbox password');
    const user = s.username ?? s.address;
    const imap = new ImapFlow({
      host: s.imapHost,
      port: s.imapPort,
      secure: s.imapSecurity === 'tls',
      doSTARTTLS: s.imapSecurity === 'starttls' ? true : s.imapSecurity === 'none' ? false : undefined,
      auth: { user, pass },
      logger: false,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    imap.on('error', () => {}); // surfaced by connect()
    try {
      await imap.connect();
      await imap.logout();
    } catch (err) {
      const e = err as { responseText?: string; message: string; code?: string };
      return fail(`IMAP ${s.imapHost}:${s.imapPort}: ${e.responseText ?? e.message}${e.code ? ` (${e.code})` : ''}`);
    }
    const smtp = nodemailer.createTransport({
      host: s.smtpHost,
      port: s.smtpPort,
      secure: s.smtpSecurity === 'tls',
      requireTLS: s.smtpSecurity === 'starttls',
      ignoreTLS: s.smtpSecurity === 'none',
      auth: { user, pass },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await smtp.verify();
    } catch (err) {
      const e = err as { response?: string; message: string };
      return fail(`SMTP ${s.smtpHost}:${s.smtpPort}: ${e.response ?? e.message}`);
    } finally {
      smtp.close();
    }
    return { ok: true, detail: `IMAP and SMTP accept ${user}` };
  },

  async api(ch, timeoutMs) {
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
  },

  async site(ch) {
    const origins = Array.isArray(ch.settings.allowedOrigins) ? (ch.settings.allowedOrigins as string[]) : [];
    if (!origins.length) return fail('no allowed origins: the widget cannot be used on any site');
    if (!ch.secrets.visitorTokenSecret) return fail('the channel has no visitor token secret: rotate its secrets');
    return { ok: true, detail: `widget allowed on ${origins.join(', ')} (no network to ask)` };
  },
};
