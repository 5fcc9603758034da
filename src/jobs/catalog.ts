import { inboundFollowupJob } from '../auto-replies/after-inbound.js';
import { scheduledBackupJob } from '../backup/scheduled-backup.js';
import { alertEmailJob } from '../listening/alerts/deliver-email.js';
import { alertWebhookJob } from '../listening/alerts/deliver-webhook.js';
import { mediaFetchJob } from '../media/fetch-media-job.js';
import { moderateJob } from '../outbox/moderate.js';
import { sendJob } from '../outbox/send-message.js';
import { heldReplySendJob } from '../held-replies/send-job.js';
import { fetchPostJob } from '../posts/fetch-post-job.js';
import { scrubAfterErasureJob } from '../privacy/scrub-after-erasure.js';
import { reportJob } from '../reports/email-job.js';
import { retentionJob } from '../retention/retention-job.js';
import { ruleWebhookJob } from '../rules/actions/webhook.js';
import { notificationEmailJob } from '../notifications/email-job.js';
import { rulesRunJob } from '../rules/run-rules.js';
import { slaCheckJob, slaRescanJob } from '../sla/rescan.js';
import { surveyJob } from '../surveys/send-survey.js';
import { rescoreWaitingJob } from '../enrich/rescore-waiting.js';
import { dispatchJob } from '../routing/dispatch-job.js';
import { noAnswerJob, offlineJob } from '../routing/return-jobs.js';
import type { JobDefinition } from './define.js';

/**
 * Every background job the workers run, by name. Each is defined once, beside its handler
 * (defineJob); a job whose name is not here is never claimed.
 */
const all: JobDefinition[] = [
  sendJob,
  moderateJob,
  fetchPostJob,
  inboundFollowupJob,
  slaCheckJob,
  slaRescanJob,
  surveyJob,
  reportJob,
  alertWebhookJob,
  alertEmailJob,
  mediaFetchJob,
  scrubAfterErasureJob,
  scheduledBackupJob,
  retentionJob,
  heldReplySendJob,
  rescoreWaitingJob,
  dispatchJob,
  noAnswerJob,
  offlineJob,
  rulesRunJob,
  ruleWebhookJob,
  notificationEmailJob,
] as JobDefinition[];

export const jobCatalog: ReadonlyMap<string, JobDefinition> = new Map(all.map((d) => [d.name, d]));
