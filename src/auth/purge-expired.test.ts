import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../jobs/define.js';
import { enqueueJob, finishJob } from '../jobs/queue.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { DONE_JOB_RETENTION_MS, purgeExpired } from './purge-expired.js';

// Never run (not in the job catalog): only its rows matter here.
const purgeTestJob = defineJob({ name: 'test.purge', version: 1, payload: z.object({}), handler: async () => {} });

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe(`purgeExpired (${testDialect})`, () => {
  it('drops jobs finished over a week ago; keeps recent ones, pending ones, and failed or needs-human ones', async () => {
    const now = t.app.now();
    const old = now - DONE_JOB_RETENTION_MS - 60_000;
    const job = async (status: 'done' | 'failed' | 'needs_human' | null, at: number) => {
      const id = await enqueueJob(t.app.store.db, purgeTestJob, { payload: {}, workspaceId: w.workspaceId, runAt: at, now: at });
      if (status) await finishJob(t.app.store.db, id, status, at);
      return id;
    };
    const oldDone = await job('done', old);
    const keep = [await job('done', now - 60_000), await job('failed', old), await job('needs_human', old), await job(null, old)];
    await purgeExpired(t.app);
    const left = (await t.app.store.db.selectFrom('jobs').select('id').where('name', '=', 'test.purge').execute()).map((r) => r.id);
    expect(left).not.toContain(oldDone);
    expect(left.sort()).toEqual([...keep].sort());
  });
});
