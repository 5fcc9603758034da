import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { finishJob } from '../jobs/queue.js';
import type { JobTable } from '../store/schema.js';
import { releaseHeldReply } from './release.js';

const payload = z.object({ heldReplyId: z.string() });

/**
 * Sends a scheduled reply when it is due. One job per (re)scheduling; a job whose reply was
 * cancelled, sent, moved later or is still waiting for approval does nothing, so stale jobs are
 * harmless, and the release itself is a conditional update in the outbox's transaction, so two
 * workers (or a worker that crashed and whose lease expired) never send one reply twice.
 */
export const heldReplySendJob = defineJob({
  name: 'held_reply.send',
  version: 1,
  payload,
  handler: async (app: App, job: JobTable, p: z.output<typeof payload>) => {
    await releaseHeldReply(app, p.heldReplyId, { trigger: 'due', actorUserId: null });
    await finishJob(app.store.db, job.id, 'done', app.now());
  },
});
