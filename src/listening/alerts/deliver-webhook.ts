import type { App } from '../../app.js';
import { defineJob } from '../../jobs/define.js';
import { z } from 'zod';
import { open } from '../../lib/crypto.js';
import { backoffMs, finishJob, retryJob } from '../../jobs/queue.js';
import { parseJson } from '../../lib/json.js';
import type { JobTable } from '../../store/schema.js';
import { outboundErrorText } from '../../net/outbound-errors.js';

const alertPayload = z.object({ alertId: z.string() });
/** Posts one alert to its rule's Slack-compatible webhook. */
export const alertWebhookJob = defineJob({ name: 'listening.alert_webhook', version: 1, payload: alertPayload, handler: runAlertWebhookJob });
const MAX_ATTEMPTS = 6;

/** Slack's incoming-webhook message: `text` (the fallback every client shows) and Block Kit blocks. */
export function slackMessage(alert: { message: string }, posts: Array<{ url: string | null; text: string; author: string | null }>) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = posts.slice(0, 5).map((p) => {
    const t = esc(p.text.replace(/\s+/g, ' ').slice(0, 140));
    return p.url ? `• <${p.url}|${t}>${p.author ? ` — ${esc(p.author)}` : ''}` : `• ${t}`;
  });
  return {
    text: alert.message,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${esc(alert.message)}*` } },
      ...(lines.length ? [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }] : []),
    ],
  };
}

/**
 * Delivers one alert to the rule's Slack-compatible incoming webhook. 2xx = delivered; 429 (with
 * Retry-After), 5xx and network errors are retried with backoff up to 6 attempts; other 4xx fail
 * for good. The webhook is a URL an admin typed, so the alert records the status code, not the
 * answer — except Slack's own short error code (invalid_payload, no_service, channel_is_archived…)
 * when the host is Slack's, since that is the one answer whose words are documented and useful.
 * Idempotent: an alert already sent is not sent again.
 */
export async function runAlertWebhookJob(app: App, job: JobTable, { alertId }: z.output<typeof alertPayload>): Promise<void> {
  const db = app.store.db;
  const alert = await db.selectFrom('listening_alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
  const rule = alert && (await db.selectFrom('listening_alert_rules').select(['webhook_url_enc']).where('id', '=', alert.rule_id).executeTakeFirst());
  if (!alert || alert.delivery === 'sent') return finishJob(db, job.id, 'done', app.now());
  const mark = (delivery: 'sent' | 'failed' | 'pending', error: string | null) =>
    db.updateTable('listening_alerts').set({ delivery, delivery_error: error }).where('id', '=', alert.id).execute();
  if (!rule?.webhook_url_enc) {
    await mark('failed', 'the rule has no webhook any more');
    return finishJob(db, job.id, 'failed', app.now(), 'no webhook');
  }
  const ids = parseJson<string[]>(alert.mention_ids, []);
  const posts = ids.length
    ? await db
        .selectFrom('mentions')
        .innerJoin('listening_posts as p', 'p.id', 'mentions.post_id')
        .select(['p.url', 'p.text', 'p.author'])
        .where('mentions.id', 'in', ids)
        .execute()
    : [];
  let status = 0;
  let text = '';
  let retryAfter: number | undefined;
  let refused = false;
  const url = open(app.config.secretKey, rule.webhook_url_enc);
  try {
    const res = await app.outbound.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Hearken/0.1' },
      body: JSON.stringify(slackMessage(alert, posts)),
      timeoutMs: app.config.sendTimeoutMs,
      maxBytes: 64 * 1024,
    });
    status = res.status;
    const body = await res.text().catch(() => '');
    text = slackErrorCode(url, body);
    const ra = Number(res.headers.get('retry-after'));
    retryAfter = Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined;
  } catch (e) {
    text = outboundErrorText(e);
    // An address the outbound rules refuse stays refused: no point retrying.
    refused = (e as { code?: string }).code === 'EOUTBOUND_REFUSED';
  }
  const now = app.now();
  if (status >= 200 && status < 300) {
    await mark('sent', null);
    return finishJob(db, job.id, 'done', now);
  }
  const error = status ? `webhook answered ${status}${text ? `: ${text}` : ''}` : `webhook unreachable: ${text}`;
  const retryable = !refused && (status === 0 || status === 429 || status >= 500);
  if (retryable && job.attempts < MAX_ATTEMPTS) {
    await mark('pending', error);
    return retryJob(db, job.id, now + Math.max(retryAfter ?? 0, backoffMs(job.attempts)), now, error);
  }
  await mark('failed', error);
  await finishJob(db, job.id, 'failed', now, error);
}

/** Slack's documented error code from a hooks.slack.com answer (a short snake_case word); '' for anything else. */
export function slackErrorCode(url: string, body: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return '';
  }
  const code = body.trim();
  return host === 'hooks.slack.com' && /^[a-z_]{1,64}$/.test(code) ? code : '';
}
