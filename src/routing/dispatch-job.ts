import { z } from 'zod';
import { defineJob } from '../jobs/define.js';
import { dispatchTeam } from './dispatch.js';
import { settle } from './settle.js';

/** Works a team's queue (dispatch.ts); enqueued by the routing reactor. Idempotent: an empty queue or a full team does nothing. */
export const dispatchJob = defineJob({
  name: 'routing.dispatch',
  version: 1,
  payload: z.object({ teamId: z.string() }),
  handler: (app, job, p) => settle(app, job, async () => void (await dispatchTeam(app, job.workspace_id!, p.teamId))),
});
