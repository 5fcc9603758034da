import { z } from 'zod';
import type { App } from '../../app.js';
import { defineJob } from '../../jobs/define.js';
import { backoffMs, enqueueJob, finishJob, retryJob } from '../../jobs/queue.js';
import { outboundErrorText } from '../../net/outbound-errors.js';
import type { JobTable } from '../../store/schema.js';
import type { Performer } from '../model.js';

const payload = z.object({
  url: z.string(),
  /** The JSON posted, fixed when the rule fired (a retry posts the same). */
  body: z.record(z.string(), z.unknown()),
});
/** Posts one rule firing to the rule's webhook URL. */
export const ruleWebhookJob = defineJob({ name: 'rules.webhook', version: 1, payload, handler: runRuleWebhookJob });
const MAX_ATTEMPTS = 6;

/**
 * The webhook action: the POST goes out from a job (retried with backoff), never from the
 * firing itself, and through the one outbound HTTP client (app.outbound), which refuses private,
 * loopback and metadata addresses on connect and after each redirect.
 */
export async function queueRuleWebhook(
  app: App,
  input: {
    workspaceId: string;
    conversationId: string;
    url: string;
    performer: Performer;
    firing: { id: string; eventType: string; eventId: number | null } | null;
  },
): Promise<void> {
  const now = app.now();
  const body = {
    type: 'rule.webhook',
    workspaceId: input.workspaceId,
    conversationId: input.conversationId,
    ruleId: input.performer.kind === 'rule' ? input.performer.ruleId : null,
    userId: input.performer.kind === 'user' ? input.performer.userId : null,
    firingId: input.firing?.id ?? null,
    event: input.firing ? { type: input.firing.eventType, id: input.firing.eventId } : null,
    at: new Date(now).toISOString(),
  };
  await enqueueJob(app.store.db, ruleWebhookJob, { payload: { url: input.url, body }, workspaceId: input.workspaceId, runAt: now, now });
  app.bus.poke('__jobs__');
}

/** 2xx = delivered; 429, 5xx and network errors retried up to 6 attempts; other 4xx and refused addresses fail for good (status code only: the answer of a host an admin typed is not shown). */
export async function runRuleWebhookJob(app: App, job: JobTable, p: z.output<typeof payload>): Promise<void> {
  const db = app.store.db;
  let error: string;
  let retry = true;
  try {
    const res = await app.outbound.fetch(p.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Hearken/0.1', 'idempotency-key': job.id },
      body: JSON.stringify(p.body),
      timeoutMs: app.config.sendTimeoutMs,
      maxBytes: 64 * 1024,
    });
    await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return finishJob(db, job.id, 'done', app.now());
    error = `HTTP ${res.status}`;
    retry = res.status === 429 || res.status >= 500;
  } catch (e) {
    error = outboundErrorText(e);
    retry = (e as { code?: string }).code !== 'EOUTBOUND_REFUSED';
  }
  if (!retry || job.attempts >= MAX_ATTEMPTS) return finishJob(db, job.id, 'failed', app.now(), error);
  await retryJob(db, job.id, app.now() + backoffMs(job.attempts), app.now(), error);
}
