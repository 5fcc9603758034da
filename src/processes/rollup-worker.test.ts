import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { runReactors } from '../events/reactors.js';
import { reactors } from './reactors.js';
import { startRollupWorker } from './rollup-worker.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_WORKER_POLL_MS: '50' });
});
afterAll(() => t.close());

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe(`rollup worker (${testDialect})`, () => {
  it('waits while intake has a backlog, then projects marked conversations a moment after their first mark', async () => {
    const w = await buildWorkspace(t);
    const rdb = t.app.store.db;
    const stale = () => rdb.selectFrom('metric_stale').select('conversation_id').where('workspace_id', '=', w.workspaceId).execute();
    const cycles = () => rdb.selectFrom('metric_cycles').select(['conversation_id', 'idx']).where('workspace_id', '=', w.workspaceId).execute();
    const stop = startRollupWorker(t.app);
    try {
      expect((await deliver(t, w, buildInbound({ from: { id: 'pat', name: 'Pat' } }))).status).toBe(200);
      while (await processJournalBatch(t.app)) {}
      // The rollup reactor marks it (the reactor worker's loop would; here, once by hand).
      expect(await runReactors(t.app, reactors)).toBeGreaterThan(0);
      expect((await stale()).length).toBe(1);
      // Another delivery waits in the journal: the worker stands aside, past the settling second.
      expect((await deliver(t, w, buildInbound({ from: { id: 'sam', name: 'Sam' } }))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1600));
      expect((await stale()).length).toBe(1);
      expect(await cycles()).toEqual([]);
      // Intake drained: both conversations are projected.
      while (await processJournalBatch(t.app)) {}
      await runReactors(t.app, reactors);
      expect(await until(async () => (await stale()).length === 0, 8000)).toBe(true);
      expect((await cycles()).map((c) => c.idx)).toEqual([0, 0]);
    } finally {
      await stop();
    }
  });
});
