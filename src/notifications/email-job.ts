import { z } from 'zod';
import type { App } from '../app.js';
import { deliverSystemMail } from '../auth/system-mail.js';
import { defineJob } from '../jobs/define.js';
import { backoffMs, finishJob, retryJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { JobTable } from '../store/schema.js';
import { renderNotificationEmail } from './render-email.js';

const payload = z.object({ notificationId: z.string() });
/** Mails one notification to its member (create-notifications.ts enqueues it). */
export const notificationEmailJob = defineJob({ name: 'notification.email', version: 1, payload, handler: runNotificationEmailJob });
const MAX_ATTEMPTS = 6;

/**
 * Sends one notification's mail over HEARKEN_SMTP_URL. A refused connection, a timeout and 4xx
 * answers are retried with backoff up to 6 attempts; a 5xx answer (unknown address) and a missing
 * mail server fail for good. The notification itself is already written: a mail server that is
 * down delays the mail, never the notification. Idempotent: emailed_at marks it sent (at least
 * once across a crash between the server's answer and the commit).
 */
export async function runNotificationEmailJob(app: App, job: JobTable, p: z.output<typeof payload>): Promise<void> {
  const db = app.store.db;
  const n = await db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .innerJoin('workspaces', 'workspaces.id', 'notifications.workspace_id')
    .leftJoin('rules', 'rules.id', 'notifications.rule_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.text',
      'notifications.params',
      'notifications.conversation_id',
      'notifications.emailed_at',
      'users.email',
      'users.name',
      'workspaces.name as workspace',
      'rules.name as rule_name',
    ])
    .where('notifications.id', '=', p.notificationId)
    .executeTakeFirst();
  if (!n || n.emailed_at !== null) return finishJob(db, job.id, 'done', app.now());
  const params = parseJson<Record<string, unknown>>(n.params, {});
  const people = ['byUserId', 'authorUserId'].map((k) => params[k]).filter((v): v is string => typeof v === 'string');
  const names = new Map(
    people.length ? (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', people).execute()).map((u) => [u.id, u.name]) : [],
  );
  const mail = renderNotificationEmail({
    to: n.email,
    name: n.name,
    workspace: n.workspace,
    kind: n.kind,
    text: n.text,
    ruleName: n.rule_name,
    params,
    names,
    appUrl: app.config.publicUrl.replace(/\/+$/, ''),
    conversationId: n.conversation_id,
  });
  let error: string;
  let permanent: boolean;
  try {
    await deliverSystemMail(app, mail);
    await db.updateTable('notifications').set({ emailed_at: app.now() }).where('id', '=', n.id).execute();
    return finishJob(db, job.id, 'done', app.now());
  } catch (err) {
    const e = err as Error & { response?: string; responseCode?: number };
    permanent = !app.config.smtpUrl || (e.responseCode ?? 0) >= 500;
    error = e.response ? `the mail server refused the mail (${e.responseCode ?? '?'}): ${e.response}` : `could not send the mail: ${e.message}`;
  }
  const now = app.now();
  if (permanent || job.attempts >= MAX_ATTEMPTS) return finishJob(db, job.id, 'failed', now, error);
  await retryJob(db, job.id, now + backoffMs(job.attempts), now, error);
}
