import { createApp, type App } from '../../app.js';
import { defaultSenders } from '../../outbox/default-senders.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { startFakeNetwork, type FakeNetwork } from './fake-network.js';
import { pollSource } from './poll-source.js';

/**
 * Test bed for source adapters: a real app and database, a workspace, the fake networks, and
 * helpers that go through the API as a person would (save a query, add a source, poll it).
 */
export async function startSourceTestbed() {
  const t: TestApp = await buildTestApp();
  const w: TestWorkspace = await buildWorkspace(t);
  const fake: FakeNetwork = await startFakeNetwork();
  const api = async (method: string, url: string, body?: unknown, token = w.token) => {
    const res = await t.req(method, url, { token, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    t,
    w,
    fake,
    api,
    async query(query: string, kind: 'brand' | 'competitor' = 'brand', name = query) {
      const r = await api('POST', '/api/v1/listening/queries', { name, query, kind });
      if (r.status !== 201) throw new Error(`query not saved: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    },
    async source(kind: string, settings: Record<string, unknown>, secrets?: Record<string, string>) {
      const r = await api('POST', '/api/v1/listening/sources', { kind, settings, secrets, name: kind });
      if (r.status !== 201) throw new Error(`source not saved: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    },
    /** "Poll now" through the API. */
    poll: async (id: string) => (await api('POST', `/api/v1/listening/sources/${id}/poll`)).body,
    /** A poll by a fresh process on the same database (nothing in memory survives: only what was committed). */
    async pollAfterRestart(id: string) {
      const fresh: App = createApp(t.config, t.db.store, defaultSenders());
      fresh.now = t.app.now;
      const row = await t.app.store.db.selectFrom('listening_sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const r = await pollSource(fresh, row, { force: true });
      await fresh.bus.close();
      return r;
    },
    async posts(sourceKind: string) {
      return t.app.store.db
        .selectFrom('listening_posts')
        .selectAll()
        .where('workspace_id', '=', w.workspaceId)
        .where('source_kind', '=', sourceKind)
        .orderBy('posted_at', 'desc')
        .execute();
    },
    mentions: async (qs = '') => (await api('GET', `/api/v1/listening/mentions${qs}`)).body.mentions as any[],
    async close() {
      await fake.close();
      await t.close();
    },
  };
}
export type SourceTestbed = Awaited<ReturnType<typeof startSourceTestbed>>;
