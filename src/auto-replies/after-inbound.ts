import type { App } from '../app.js';
import { evaluateSla } from '../sla/evaluate.js';
import { settleJob } from '../sla/job.js';
import type { JobTable } from '../store/schema.js';
import { sendAutoReply } from './send-auto-reply.js';

export const INBOUND_FOLLOWUP_JOB = 'inbound.followup';
export const INBOUND_FOLLOWUP_JOB_VERSION = 1;
export interface InboundFollowupPayload {
  /** The messages one journal entry added: customer messages (inbound) and echoes of the brand's replies. */
  items: Array<{ conversationId: string; messageId: string; inbound: boolean }>;
}

/**
 * What follows a delivery, off the intake path so intake stays fast (one job per journal entry,
 * enqueued in its transaction): first the auto-replies, then the SLA clocks — in that order, so
 * the clocks are evaluated after the automations have had their turn (and they never stop one).
 */
export async function runInboundFollowup(app: App, job: JobTable): Promise<void> {
  await settleJob(app, job, async () => {
    const { items } = JSON.parse(job.payload) as InboundFollowupPayload;
    const workspaceId = job.workspace_id!;
    for (const it of items) if (it.inbound) await sendAutoReply(app, { workspaceId, conversationId: it.conversationId, messageId: it.messageId });
    for (const conversationId of new Set(items.map((i) => i.conversationId))) await evaluateSla(app, workspaceId, conversationId);
  });
}
