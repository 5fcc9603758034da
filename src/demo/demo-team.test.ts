import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactor } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { routingReactor } from '../routing/reactor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { seedDemoRouting } from './demo-team.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe(`demo routing (${testDialect})`, () => {
  it('new conversations of the demo channel join "Front line" and go round robin to the two demo agents', async () => {
    await runReactor(t.app, routingReactor); // starts at "now"
    const agents = await seedDemoRouting(t.app, w.workspaceId, w.channelId);
    expect(agents.map((a) => a.email)).toEqual(['dana@hearken.local', 'lee@hearken.local']);
    for (const who of ['cust-a', 'cust-b', 'cust-c', 'cust-d']) {
      const res = await deliver(t, w, { events: [buildInbound({ from: { id: who, name: who } })] });
      expect(res.status).toBeLessThan(300);
    }
    while ((await processJournalBatch(t.app)) > 0);
    for (let i = 0; i < 6; i++) {
      await runReactor(t.app, routingReactor);
      await runDueJobs(t.app);
    }
    const rows = await t.app.store.db
      .selectFrom('conversations')
      .innerJoin('teams', 'teams.id', 'conversations.team_id')
      .innerJoin('users', 'users.id', 'conversations.assignee_id')
      .select(['teams.name as team', 'users.email'])
      .where('conversations.workspace_id', '=', w.workspaceId)
      .execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.team === 'Front line')).toBe(true);
    const per: Record<string, number> = {};
    for (const r of rows) per[r.email] = (per[r.email] ?? 0) + 1;
    expect(per).toEqual({ 'dana@hearken.local': 2, 'lee@hearken.local': 2 });
  });
});
