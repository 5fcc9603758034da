import { type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { type ListFilter, listConversations } from './list-conversations.js';

// The signal views read one page off an index (migration 0027; docs/bench.md's queue notes): the
// plan of the very query listConversations runs names the index and sorts nothing. PostgreSQL is
// told not to seq-scan, since on an empty table it would, whatever the indexes.
let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

/** The first statement listConversations runs for a filter (the page query), with its plan. */
async function planOf(f: Partial<ListFilter>): Promise<string> {
  const nodes: RootOperationNode[] = [];
  const capture: KyselyPlugin = {
    transformQuery: (a) => {
      nodes.push(a.node);
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  const db = t.app.store.db.withPlugin(capture);
  const app = { ...t.app, store: { ...t.app.store, db } } as App;
  await listConversations(app, { workspaceId: w.workspaceId, userId: w.ownerId, sort: 'newest', limit: 25, ...f });
  const page = t.app.store.db.getExecutor().compileQuery(nodes[0]!, { queryId: 'plan' } as never);
  const pg = t.app.store.dialect.name !== 'sqlite';
  return t.app.store.db.connection().execute(async (c) => {
    if (pg) await sql`SET enable_seqscan = off`.execute(c);
    const r = await c.executeQuery({ ...page, sql: `${pg ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${page.sql}` });
    if (pg) await sql`RESET enable_seqscan`.execute(c);
    return JSON.stringify(r.rows);
  });
}

describe(`signal views read one index (${testDialect})`, () => {
  it('"Needs a reply", oldest waiting first', async () => {
    const plan = await planOf({ status: ['open'], needsReply: true, sort: 'oldest_waiting' });
    expect(plan).toContain('conv_needs_reply_ix');
    expect(plan).not.toMatch(/TEMP B-TREE|Sort Key/);
  });

  it('sort by priority (level, then score)', async () => {
    const plan = await planOf({ status: ['open'], sort: 'priority' });
    expect(plan).toContain('conv_priority_ix');
    expect(plan).not.toMatch(/TEMP B-TREE|Sort Key/);
  });
});
