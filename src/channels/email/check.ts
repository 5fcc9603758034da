import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { ChannelAccess, Finding, NetworkContext } from '../contract/context.js';

const fail = (detail: string): Finding => ({ ok: false, detail });

/** Email: the IMAP server accepts the login, and SMTP verifies. Nothing is read or sent. */
export async function checkEmail(ctx: NetworkContext, ch: ChannelAccess): Promise<Finding> {
  const { timeoutMs } = ctx;
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
}
