import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../conversations/reply.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { startReactorWorker } from './reactor-worker.js';

let t: TestApp;
beforeAll(async () => {
  // A poll far beyond the test: only the bus's wake-up can make the loop run in time.
  t = await buildTestApp({ HEARKEN_WORKER_POLL_MS: '60000' });
});
afterAll(() => t.close());

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe(`reactor worker (${testDialect})`, () => {
  it('runs every reactor as soon as the bus says a log grew: rollup marks and SLA evaluations follow', async () => {
    const w = await buildWorkspace(t);
    const stop = startReactorWorker(t.app);
    try {
      expect((await deliver(t, w, buildInbound({ from: { id: 'ria', name: 'Ria' } }))).status).toBe(200);
      while (await processJournalBatch(t.app)) {}
      const conv = await t.app.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', w.workspaceId).executeTakeFirstOrThrow();
      const marked = () => t.app.store.db.selectFrom('metric_stale').select('conversation_id').where('conversation_id', '=', conv.id).execute();
      expect(await until(async () => (await marked()).length === 1, 3000)).toBe(true);
      await reply(t.app, { workspaceId: w.workspaceId, conversationId: conv.id, actorUserId: w.ownerId, text: 'On it', authorKind: 'human' });
      t.app.bus.poke(w.workspaceId);
      const checks = () => t.app.store.db.selectFrom('jobs').select('id').where('name', '=', 'sla.check').where('payload', 'like', `%${conv.id}%`).execute();
      expect(await until(async () => (await checks()).length > 0, 3000)).toBe(true);
    } finally {
      await stop();
    }
  });
});
