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

  it('drops expired sign-in challenges and reset links; keeps live ones', async () => {
    const now = t.app.now();
    const db = t.app.store.db;
    await db
      .insertInto('login_challenges')
      .values([
        { id: `old-${now}`, user_id: w.ownerId, workspace_id: w.workspaceId, created_at: now - 600_000, expires_at: now - 1 },
        { id: `live-${now}`, user_id: w.ownerId, workspace_id: w.workspaceId, created_at: now, expires_at: now + 300_000 },
      ])
      .execute();
    await db
      .insertInto('password_resets')
      .values([
        { id: `old-${now}`, user_id: w.ownerId, created_at: now - 7_200_000, expires_at: now - 1, used_at: null },
        { id: `live-${now}`, user_id: w.ownerId, created_at: now, expires_at: now + 3_600_000, used_at: null },
      ])
      .execute();
    await purgeExpired(t.app);
    expect((await db.selectFrom('login_challenges').select('id').execute()).map((r) => r.id)).toEqual([`live-${now}`]);
    expect((await db.selectFrom('password_resets').select('id').execute()).map((r) => r.id)).toEqual([`live-${now}`]);
  });
});
