import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { idleMsOf, effectiveAvailability, loadAvailability } from './availability.js';
import { returnToQueue } from './return-to-queue.js';
import { settle } from './settle.js';

/**
 * "Return to the queue if the assignee does not answer within N minutes": enqueued when routing
 * assigns (team setting no_answer_minutes), due N minutes later. The conversation goes back when
 * it is still theirs, open, the customer is still waiting, and no reply of theirs was queued
 * since the assignment.
 */
export const noAnswerJob = defineJob({
  name: 'routing.no_answer',
  version: 1,
  payload: z.object({ conversationId: z.string(), assigneeId: z.string(), assignedAt: z.number() }),
  handler: (app, job, p) => settle(app, job, async () => void (await checkNoAnswer(app, job.workspace_id!, p))),
});

export async function checkNoAnswer(app: App, workspaceId: string, p: { conversationId: string; assigneeId: string; assignedAt: number }): Promise<boolean> {
  const db = app.store.db;
  const conv = await db
    .selectFrom('conversations')
    .select(['assignee_id', 'status', 'waiting_since'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', p.conversationId)
    .executeTakeFirst();
  if (!conv || conv.assignee_id !== p.assigneeId || conv.status !== 'open' || conv.waiting_since === null) return false;
  const replied = await db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', p.conversationId)
    .where('direction', '=', 'out')
    .where('author_user_id', '=', p.assigneeId)
    .where('created_at', '>=', p.assignedAt)
    .limit(1)
    .executeTakeFirst();
  if (replied) return false;
  return returnToQueue(app, { workspaceId, conversationId: p.conversationId, fromUserId: p.assigneeId, reason: 'no_answer' });
}

/**
 * "Return the conversations of an assignee who goes offline": enqueued when a member becomes
 * away, due after the team's offline_minutes. If they are still away then, their open
 * conversations of that team where the customer waits go back to the queue.
 */
export const offlineJob = defineJob({
  name: 'routing.offline',
  version: 1,
  payload: z.object({ teamId: z.string(), userId: z.string() }),
  handler: (app, job, p) => settle(app, job, async () => void (await returnOffline(app, job.workspace_id!, p))),
});

export async function returnOffline(app: App, workspaceId: string, p: { teamId: string; userId: string }): Promise<number> {
  const db = app.store.db;
  const row = (await loadAvailability(db, workspaceId, [p.userId])).get(p.userId);
  if (effectiveAvailability(row, app.now(), idleMsOf(app.config.awayAfterIdleMinutes)).status !== 'away') return 0;
  const convs = await db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', p.teamId)
    .where('assignee_id', '=', p.userId)
    .where('status', '=', 'open')
    .where('waiting_since', 'is not', null)
    .execute();
  let n = 0;
  for (const c of convs) if (await returnToQueue(app, { workspaceId, conversationId: c.id, fromUserId: p.userId, reason: 'offline' })) n++;
  return n;
}
