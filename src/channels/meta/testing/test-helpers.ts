import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../../test/app.js';
import { processJournalBatch } from '../../../intake/processor.js';
import { runDueJobs } from '../../../jobs/run-due.js';
import { startFakeGraph } from './fake-graph.js';
import { signMetaBody } from '../webhook.js';

export const APP_SECRET = 'app-secret-0123456789';
export const TOKEN = 'EAAB-page-token-0123456789';

/** A real app, a workspace, a local fake Graph API and a Meta channel of `type` pointed at it through the API. */
export async function setupMeta(type: 'messenger' | 'instagram' | 'whatsapp', accountId: string, o: { sendTimeoutMs?: number } = {}) {
  // Short by default: several tests make the fake hang to see a timeout become "outcome unknown".
  const t: TestApp = await buildTestApp({ HEARKEN_SEND_TIMEOUT_MS: String(o.sendTimeoutMs ?? 300) });
  const w: TestWorkspace = await buildWorkspace(t);
  const fake = await startFakeGraph({ token: TOKEN, appSecret: APP_SECRET, accounts: { [accountId]: type } });
  const accountSetting = { messenger: 'pageId', instagram: 'accountId', whatsapp: 'phoneNumberId' }[type];
  const tokenSetting = type === 'messenger' ? 'pageAccessToken' : 'accessToken';
  const res = await t.req('POST', '/api/v1/channels', {
    token: w.token,
    body: { type, name: `${type} channel`, settings: { [accountSetting]: accountId, apiBaseUrl: fake.baseUrl, appSecret: APP_SECRET, [tokenSetting]: TOKEN } },
  });
  if (res.status !== 201) throw new Error(`channel creation failed: ${res.status} ${await res.text()}`);
  const channel = (await res.json()) as { id: string; secrets: Record<string, string>; settings: Record<string, unknown> };
  const db = t.app.store.db;
  return {
    t,
    w,
    fake,
    channel,
    db,
    /** POSTs a body signed as Meta signs it. */
    deliver(payload: unknown, secret = APP_SECRET) {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return Promise.resolve(
        t.http.request(`/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signMetaBody(secret, body) }, body }),
      );
    },
    async drain() {
      while ((await processJournalBatch(t.app)) > 0);
    },
    runJobs: () => runDueJobs(t.app),
    conversations: () => db.selectFrom('conversations').selectAll().where('channel_id', '=', channel.id).orderBy('created_at').execute(),
    messages: (conversationId: string) =>
      db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute(),
    message: (id: string) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    reply: (conversationId: string, body: Record<string, unknown>) =>
      t.req('POST', `/api/v1/conversations/${conversationId}/replies`, { token: w.token, body }),
    /** Moves the customer's last message back in time (the windows are measured from it). */
    age: (conversationId: string, ms: number) =>
      db
        .updateTable('conversations')
        .set({ last_inbound_at: Date.now() - ms })
        .where('id', '=', conversationId)
        .execute(),
    /** Makes every scheduled retry due now. */
    dueNow: () => db.updateTable('jobs').set({ run_at: 0 }).where('status', '=', 'pending').execute(),
    async close() {
      await fake.close();
      await t.close();
    },
  };
}
export type MetaSetup = Awaited<ReturnType<typeof setupMeta>>;
