import nodemailer from 'nodemailer';
import type { Sender, SendResult } from '../contract/send.js';

/**
 * Sends a reply by SMTP (nodemailer) from the mailbox's address, with a Message-ID made from the
 * Hearken message id (it becomes the message's external id, so the customer's answer threads
 * back by In-Reply-To/References), In-Reply-To and References naming the mail answered, and
 * "Re: <subject>". SMTP answers: 5xx → failed with the server's text; 4xx → retried; a failure
 * before DATA never reached the server (retried); one during or after DATA may have (a human decides).
 */
export const emailSender: Sender = {
  async send(req): Promise<SendResult> {
    const s = req.settings as Record<string, any>;
    const pass = req.secrets.password;
    if (!pass) return { ok: false, permanent: true, error: 'channel has no mailbox password: paste it in the channel settings' };
    const to = req.recipient.externalId;
    if (!to.includes('@')) return { ok: false, permanent: true, error: 'no email address to send to' };
    const address = String(s.address);
    const messageId = `<${req.message.id}@${address.split('@')[1]}>`;
    const target = req.message.reply_to_external_id ?? undefined;
    const subject = req.conversation.subject
      ? /^re:/i.test(req.conversation.subject)
        ? req.conversation.subject
        : `Re: ${req.conversation.subject}`
      : 'Re: your message';
    const transport = nodemailer.createTransport({
      host: s.smtpHost,
      port: s.smtpPort,
      secure: s.smtpSecurity === 'tls',
      requireTLS: s.smtpSecurity === 'starttls',
      ignoreTLS: s.smtpSecurity === 'none',
      auth: { user: s.username ?? address, pass },
      connectionTimeout: req.timeoutMs,
      greetingTimeout: req.timeoutMs,
      socketTimeout: req.timeoutMs,
    });
    // Files are read before the connection opens: a store failure never leaves a half-sent mail.
    const attachments = req.files?.length
      ? await Promise.all(req.files.map(async (f) => ({ filename: f.name, content: Buffer.from(await f.read()), contentType: f.contentType })))
      : undefined;
    try {
      await transport.sendMail({
        from: { name: s.fromName ?? '', address },
        to,
        subject,
        text: req.message.body,
        messageId,
        ...(target ? { inReplyTo: target, references: [target] } : {}),
        ...(attachments ? { attachments } : {}),
      });
      return { ok: true, externalId: messageId };
    } catch (err) {
      return smtpFailure(err as SmtpError);
    } finally {
      transport.close();
    }
  },
};

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

// Commands before DATA: a failure there means the message was not handed over.
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH PLAIN', 'AUTH LOGIN', 'AUTH XOAUTH2', 'AUTH CRAM-MD5', 'MAIL FROM', 'RCPT TO', 'API']);

export function smtpFailure(err: SmtpError): SendResult {
  const detail = (err.response ?? err.message).slice(0, 1000);
  if (err.responseCode && err.responseCode >= 500)
    return { ok: false, permanent: true, error: `the mail server refused the message (${err.responseCode}): ${detail}` };
  if (err.responseCode && err.responseCode >= 400)
    return { ok: false, permanent: false, error: `the mail server deferred the message (${err.responseCode}): ${detail}` };
  if (err.code === 'EAUTH') return { ok: false, permanent: true, error: `the mail server refused the login: ${detail}` };
  const stage = (err.command ?? 'CONN').toUpperCase();
  const neverSent = BEFORE_DATA.has(stage) || stage.startsWith('AUTH');
  return { ok: false, permanent: false, error: `mail server unreachable (${err.code ?? 'error'} at ${stage}): ${detail}`, outcomeUnknown: !neverSent };
}
