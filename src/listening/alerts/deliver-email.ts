import nodemailer from 'nodemailer';
import type { App } from '../../app.js';
import { defineJob } from '../../jobs/define.js';
import { z } from 'zod';
import { backoffMs, finishJob, retryJob } from '../../jobs/queue.js';
import { parseJson } from '../../lib/json.js';
import type { JobTable } from '../../store/schema.js';
import { renderAlertEmail } from './render-email.js';

const alertPayload = z.object({ alertId: z.string() });
/** E-mails one alert to its rule's recipients. */
export const alertEmailJob = defineJob({ name: 'listening.alert_email', version: 1, payload: alertPayload, handler: runAlertEmailJob });
const MAX_ATTEMPTS = 6;

/**
 * E-mails one alert to the rule's recipients over the configured SMTP server (HEARKEN_SMTP_URL,
 * from HEARKEN_MAIL_FROM, as scheduled reports do). Connection failures and 4xx answers (greylisting,
 * "try again later") are retried with backoff up to 6 attempts; 5xx answers (unknown user, relay
 * refused) and a missing SMTP configuration fail for good, with the reason on the alert.
 * Idempotent: an alert already e-mailed is not sent again (at least once across a crash between
 * the server's answer and the commit).
 */
export async function runAlertEmailJob(app: App, job: JobTable, { alertId }: z.output<typeof alertPayload>): Promise<void> {
  const db = app.store.db;
  const alert = await db.selectFrom('listening_alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
  if (!alert || alert.email_delivery === 'sent') return finishJob(db, job.id, 'done', app.now());
  const mark = (email_delivery: 'sent' | 'failed' | 'pending', error: string | null) =>
    db.updateTable('listening_alerts').set({ email_delivery, email_error: error }).where('id', '=', alert.id).execute();
  const fail = async (error: string) => {
    await mark('failed', error);
    return finishJob(db, job.id, 'failed', app.now(), error);
  };
  const rule = await db.selectFrom('listening_alert_rules').select(['email_recipients']).where('id', '=', alert.rule_id).executeTakeFirst();
  const to = parseJson<string[]>(rule?.email_recipients, []);
  if (!to.length) return fail('the rule has no e-mail recipients any more');
  if (!app.config.smtpUrl) return fail('no outgoing mail server is configured: set HEARKEN_SMTP_URL');

  const ids = parseJson<string[]>(alert.mention_ids, []);
  const posts = ids.length
    ? await db
        .selectFrom('mentions')
        .innerJoin('listening_posts as p', 'p.id', 'mentions.post_id')
        .select(['mentions.id', 'p.url', 'p.text', 'p.author', 'p.source_kind as source'])
        .where('mentions.workspace_id', '=', alert.workspace_id)
        .where('mentions.id', 'in', ids)
        .execute()
    : [];
  // Keep the alert's order (the mentions that caused it, as linked).
  posts.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  const ws = await db.selectFrom('workspaces').select('name').where('id', '=', alert.workspace_id).executeTakeFirst();
  const query = alert.query_id
    ? await db.selectFrom('listening_queries').select('name').where('workspace_id', '=', alert.workspace_id).where('id', '=', alert.query_id).executeTakeFirst()
    : undefined;
  const mail = renderAlertEmail({
    workspace: ws?.name ?? 'Hearken',
    message: alert.message,
    queryName: query?.name ?? null,
    createdAt: Number(alert.created_at),
    posts,
    appUrl: app.config.publicUrl.replace(/\/+$/, ''),
  });

  const transport = nodemailer.createTransport(app.config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  let error: string | null = null;
  let permanent = false;
  let refused: string | null = null;
  try {
    const info = await transport.sendMail({ from: app.config.mailFrom, to, subject: mail.subject, html: mail.html, text: mail.text });
    // The server took the mail for some recipients and refused others: sent, with a note.
    const rejected = ((info.rejected ?? []) as Array<string | { address: string }>).map((r) => (typeof r === 'string' ? r : r.address));
    if (rejected.length) refused = `the mail server refused ${rejected.join(', ')}`;
  } catch (err) {
    const e = err as Error & { response?: string; responseCode?: number };
    permanent = (e.responseCode ?? 0) >= 500;
    error = e.response ? `the mail server refused the alert (${e.responseCode ?? '?'}): ${e.response}` : `could not send the alert: ${e.message}`;
  } finally {
    transport.close();
  }
  const now = app.now();
  if (!error) {
    await mark('sent', refused);
    return finishJob(db, job.id, 'done', now);
  }
  if (!permanent && job.attempts < MAX_ATTEMPTS) {
    await mark('pending', error);
    return retryJob(db, job.id, now + backoffMs(job.attempts), now, error);
  }
  return fail(error);
}
