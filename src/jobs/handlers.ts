import type { App } from '../app.js';
import { SEND_JOB, runSendJob } from '../outbox/send-message.js';
import { FETCH_POST_JOB, runFetchPostJob } from '../posts/fetch-post-job.js';
import { SURVEY_JOB } from '../surveys/schedule-survey.js';
import { runSurveyJob } from '../surveys/send-survey.js';
import { REPORT_JOB } from '../reports/schedule.js';
import { runReportJob } from '../reports/email-job.js';
import type { JobTable } from '../store/schema.js';
import { INBOUND_FOLLOWUP_JOB, runInboundFollowup } from '../auto-replies/after-inbound.js';
import { SLA_CHECK_JOB, SLA_RESCAN_JOB, runSlaCheck, runSlaRescan } from '../sla/rescan.js';
import { ALERT_WEBHOOK_JOB, runAlertWebhookJob } from '../listening/alerts/deliver-webhook.js';
import { ALERT_EMAIL_JOB, runAlertEmailJob } from '../listening/alerts/deliver-email.js';
import { MEDIA_FETCH_JOB, runMediaFetchJob } from '../media/fetch-media-job.js';

type Handler = (app: App, job: JobTable) => Promise<void>;

/** Job handlers by name. Each is idempotent: a job may run again after a crash. */
export const jobHandlers = new Map<string, Handler>([
  [SEND_JOB, runSendJob],
  [FETCH_POST_JOB, runFetchPostJob],
  [INBOUND_FOLLOWUP_JOB, runInboundFollowup],
  [SLA_CHECK_JOB, runSlaCheck],
  [SLA_RESCAN_JOB, runSlaRescan],
  [SURVEY_JOB, runSurveyJob],
  [REPORT_JOB, runReportJob],
  [ALERT_WEBHOOK_JOB, runAlertWebhookJob],
  [ALERT_EMAIL_JOB, runAlertEmailJob],
  [MEDIA_FETCH_JOB, runMediaFetchJob],
]);
