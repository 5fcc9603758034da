import nodemailer from 'nodemailer';
import type { App } from '../app.js';
import { computeMetrics } from '../metrics/compute-metrics.js';
import { renderReportEmail } from './render-email.js';
import { previousPeriod, workspaceZone, type Frequency } from './report-period.js';

export type SendOutcome = { sent: true; period: string; recipients: string[] } | { sent: false; period: string; error: string };

/**
 * Renders the report of the last whole week or month and sends it to the recipients over the
 * SMTP server of the configuration (HEARKEN_SMTP_URL). Never throws for a mail failure: the
 * server's own answer comes back as `error`, for the schedule's status and the "send now" button.
 */
export async function sendReport(app: App, input: { workspaceId: string; frequency: Frequency; recipients: string[] }): Promise<SendOutcome> {
  const now = app.now();
  const tz = await workspaceZone(app.store.db, input.workspaceId, now);
  const { from, to } = previousPeriod(input.frequency, now, tz);
  const period = `${from} – ${to}`;
  if (!app.config.smtpUrl) return { sent: false, period, error: 'no outgoing mail server is configured: set HEARKEN_SMTP_URL' };
  const ws = await app.store.db.selectFrom('workspaces').select('name').where('id', '=', input.workspaceId).executeTakeFirstOrThrow();
  const base = { workspaceId: input.workspaceId, from, to, time: 'calendar' as const, timeZone: tz };
  const totals = await computeMetrics(app, { ...base, by: [] });
  const groups = await Promise.all(
    (
      [
        ['By channel', 'channel'],
        ['By agent', 'agent'],
        ['By team', 'team'],
      ] as const
    ).map(async ([title, by]) => ({ title, by, report: await computeMetrics(app, { ...base, by: [by] }) })),
  );
  const mail = renderReportEmail({ workspace: ws.name, periodLabel: period, totals, groups, appUrl: app.config.publicUrl.replace(/\/+$/, '') });
  const transport = nodemailer.createTransport(app.config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  try {
    await transport.sendMail({ from: app.config.mailFrom, to: input.recipients, subject: mail.subject, html: mail.html, text: mail.text });
    return { sent: true, period, recipients: input.recipients };
  } catch (err) {
    const e = err as Error & { response?: string; responseCode?: number };
    return {
      sent: false,
      period,
      error: e.response ? `the mail server refused the report (${e.responseCode ?? '?'}): ${e.response}` : `could not send the report: ${e.message}`,
    };
  } finally {
    transport.close();
  }
}
