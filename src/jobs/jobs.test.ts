import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../lib/ids.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { jobCatalog } from './catalog.js';
import { defineJob, type JobDefinition } from './define.js';
import { enqueueJob, finishJob } from './queue.js';
import { NEWER_VERSION_RETRY_MS, runDueJobs } from './run-due.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const ran: Array<{ jobId: string; payload: unknown }> = [];
// v1 carried `to` as one address; v2 carries a list.
const greet = defineJob({
  name: 'test.greet',
  version: 2,
  payload: z.object({ to: z.array(z.string().email()).min(1), text: z.string() }),
  upgrade: (p, from) => {
    if (from !== 1) throw new Error(`no way from v${from}`);
    const { to, ...rest } = p as { to: string };
    return { ...rest, to: [to] };
  },
  handler: async (app, job, payload) => {
    ran.push({ jobId: job.id, payload });
    await finishJob(app.store.db, job.id, 'done', app.now());
  },
});
const strict = defineJob({ name: 'test.strict', version: 3, payload: z.object({ n: z.number() }), handler: greet.handler as never });
const defs = new Map<string, JobDefinition>([
  [greet.name, greet as unknown as JobDefinition],
  [strict.name, strict as unknown as JobDefinition],
]);

/** A job row as an older (or newer) Hearken would have written it. */
async function rawJob(name: string, version: number, payload: string): Promise<string> {
  const now = t.app.now();
  const id = newId(now);
  await t.app.store.db
    .insertInto('jobs')
    .values({
      id,
      workspace_id: w.workspaceId,
      name,
      version,
      payload,
      status: 'pending',
      attempts: 0,
      run_at: now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
const row = (id: string) => t.app.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const runAll = async () => {
  while (await runDueJobs(t.app, { jobs: defs })) {}
};

describe(`typed jobs (${testDialect})`, () => {
  it('enqueues by definition (name and version from it) and hands the handler the parsed payload', async () => {
    const id = await enqueueJob(t.app.store.db, greet, {
      payload: { to: ['ana@example.com'], text: 'hi' },
      workspaceId: w.workspaceId,
      runAt: 0,
      now: t.app.now(),
    });
    expect(await row(id)).toMatchObject({ name: 'test.greet', version: 2 });
    await runAll();
    expect(ran.find((r) => r.jobId === id)?.payload).toEqual({ to: ['ana@example.com'], text: 'hi' });
    expect((await row(id)).status).toBe('done');
    // Checked by the compiler, never run: the payload is typed by the definition.
    const wrongPayload = () =>
      // @ts-expect-error `to` is a list, and `text` is missing
      enqueueJob(t.app.store.db, greet, { payload: { to: 'ana@example.com' }, workspaceId: null, runAt: 0, now: 0 });
    expect(typeof wrongPayload).toBe('function');
  });

  it('brings a job of an older version up to date with the definition’s upgrade', async () => {
    const id = await rawJob('test.greet', 1, JSON.stringify({ to: 'bo@example.com', text: 'hello' }));
    await runAll();
    expect(ran.find((r) => r.jobId === id)?.payload).toEqual({ to: ['bo@example.com'], text: 'hello' });
    expect((await row(id)).status).toBe('done');
  });

  it('fails, with a clear last_error and without running it, a job older than its definition can upgrade', async () => {
    const noUpgrade = await rawJob('test.strict', 2, JSON.stringify({ n: 1 }));
    const failedUpgrade = await rawJob('test.greet', 0, JSON.stringify({ to: 'x@example.com', text: '' }));
    await runAll();
    expect(await row(noUpgrade)).toMatchObject({ status: 'failed', last_error: 'test.strict v2 is older than v3, and test.strict has no upgrade from it' });
    expect(await row(failedUpgrade)).toMatchObject({ status: 'failed', last_error: 'test.greet v0: the upgrade to v2 failed: no way from v0' });
    expect(ran.map((r) => r.jobId)).not.toContain(noUpgrade);
    expect(ran.map((r) => r.jobId)).not.toContain(failedUpgrade);
  });

  it('fails a job whose payload does not parse with zod’s reason (also after an upgrade), never running it', async () => {
    const wrong = await rawJob('test.greet', 2, JSON.stringify({ to: ['not an address'], text: 5 }));
    const upgradedWrong = await rawJob('test.greet', 1, JSON.stringify({ to: 'nobody', text: 'x' }));
    const notJson = await rawJob('test.strict', 3, '{"n":');
    await runAll();
    const w1 = await row(wrong);
    expect(w1.status).toBe('failed');
    expect(w1.last_error).toMatch(/^test\.greet v2: the payload does not match the job's schema: to\.0: .*; text: /);
    expect((await row(upgradedWrong)).last_error).toMatch(/^test\.greet v1: the payload does not match the job's schema: to\.0: /);
    expect(await row(notJson)).toMatchObject({ status: 'failed', last_error: 'test.strict v3: the payload is not JSON' });
    for (const id of [wrong, upgradedWrong, notJson]) expect(ran.map((r) => r.jobId)).not.toContain(id);
  });

  it('leaves a job written by a newer version for a newer worker, without counting an attempt', async () => {
    const now = t.app.now();
    const id = await rawJob('test.strict', 4, JSON.stringify({ n: 1, extra: true }));
    await runDueJobs(t.app, { jobs: defs });
    const r = await row(id);
    expect(r).toMatchObject({
      status: 'pending',
      attempts: 0,
      locked_by: null,
      last_error: 'test.strict v4 was written by a newer Hearken; this worker knows v3',
    });
    expect(r.run_at).toBeGreaterThanOrEqual(now + NEWER_VERSION_RETRY_MS);
  });

  it('the real catalog: every job once, and a malformed real job fails instead of crashing its handler', async () => {
    const names = [...jobCatalog.keys()];
    expect(names).toEqual(
      expect.arrayContaining(['outbox.send', 'sla.check', 'sla.rescan', 'inbound.followup', 'survey.send', 'reports.email', 'media.fetch']),
    );
    for (const d of jobCatalog.values()) expect(d.version).toBeGreaterThanOrEqual(1);
    const id = await rawJob('sla.check', 1, JSON.stringify({ conversation: 'c1' }));
    while (await runDueJobs(t.app)) {}
    expect(await row(id)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^sla\.check v1: the payload does not match the job's schema: conversationId: /),
    });
  });
});
