import nodemailer from 'nodemailer';
import type { App } from '../app.js';
import { log } from '../lib/log.js';

export interface SystemMail {
  to: string;
  subject: string;
  text: string;
}

/** Whether Hearken can send its own mail (reset links, invitations): HEARKEN_SMTP_URL is set. */
export const canSendMail = (app: App) => !!app.config.smtpUrl;

/**
 * Sends one of Hearken's own mails (not a channel's: those go through the outbox) over the
 * configured SMTP server, from HEARKEN_MAIL_FROM. Answers whether the server took it; a failure is
 * logged without the body (it holds a link that signs someone in).
 */
export async function sendSystemMail(app: App, mail: SystemMail): Promise<boolean> {
  if (!app.config.smtpUrl) return false;
  try {
    await deliverSystemMail(app, mail);
    return true;
  } catch (err) {
    log.warn('system mail not sent', { subject: mail.subject, err: (err as Error).message });
    return false;
  }
}

/**
 * The same, for a caller that retries (a job): throws what the server said (nodemailer's error,
 * with `responseCode` when the server answered), so 4xx and a refused connection can be told
 * from a 5xx.
 */
export async function deliverSystemMail(app: App, mail: SystemMail): Promise<void> {
  if (!app.config.smtpUrl) throw new Error('no outgoing mail server is configured: set HEARKEN_SMTP_URL');
  const transport = nodemailer.createTransport(app.config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  try {
    await transport.sendMail({ from: app.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}

/** A link into the web app, from HEARKEN_PUBLIC_URL. The token rides in the fragment, which browsers never send to a server or in a Referer. */
export const appLink = (app: App, path: string, token: string) => `${app.config.publicUrl.replace(/\/+$/, '')}${path}#token=${encodeURIComponent(token)}`;
