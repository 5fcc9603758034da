import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { evaluateSla } from '../sla/evaluate.js';
import { settleJob } from '../sla/job.js';
import type { JobTable } from '../store/schema.js';
import { sendAutoReply } from './send-auto-reply.js';

const inboundFollowupPayload = z.object({
  /** The messages one journal entry added: customer messages (inbound) and echoes of the brand's replies. */
  items: z.array(z.object({ conversationId: z.string(), messageId: z.string(), inbound: z.boolean() })),
});
export type InboundFollowupPayload = z.output<typeof inboundFollowupPayload>;
export const inboundFollowupJob = defineJob({ name: 'inbound.followup', version: 1, payload: inboundFollowupPayload, handler: runInboundFollowup });

/**
 * What follows a delivery, off the intake path so intake stays fast (one job per journal entry,
 * enqueued in its transaction): first the auto-replies, then the SLA clocks — in that order, so
 * the clocks are evaluated after the automations have had their turn (and they never stop one).
 */
export async function runInboundFollowup(app: App, job: JobTable, { items }: InboundFollowupPayload): Promise<void> {
  await settleJob(app, job, async () => {
    const workspaceId = job.workspace_id!;
    for (const it of items) if (it.inbound) await sendAutoReply(app, { workspaceId, conversationId: it.conversationId, messageId: it.messageId });
    for (const conversationId of new Set(items.map((i) => i.conversationId))) await evaluateSla(app, workspaceId, conversationId);
  });
}
