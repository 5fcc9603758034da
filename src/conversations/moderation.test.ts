import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { runReactors } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { testDialect } from '../test/store.js';

/**
 * Moderation through the API, on an API channel whose receiver takes moderation requests
 * (settings.moderation): the route's checks and permission, the outbox door and its job (retry,
 * failure recorded with the receiver's status), the bulk variant for the queue.
 */
let t: TestApp;
let w: TestWorkspace;
let fake: Awaited<ReturnType<typeof startFakeCallback>>;

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: fake.url });
  await setModeration(['hide', 'unhide', 'delete']);
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

async function setModeration(actions: string[] | undefined) {
  const row = await t.app.store.db.selectFrom('channels').select('settings').where('id', '=', w.channelId).executeTakeFirstOrThrow();
  const settings = { ...JSON.parse(row.settings), moderation: actions };
  await t.app.store.db
    .updateTable('channels')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', w.channelId)
    .execute();
  t.app.channels.changed(w.channelId);
}

async function comment(from: string, text: string, kind = 'comment') {
  const inbound = buildInbound({ from: { id: from, name: `Person ${from}` }, text, conversation: { kind, item_id: `post-${from}` } });
  expect((await deliver(t, w, inbound)).status).toBe(200);
  while ((await processJournalBatch(t.app)) > 0);
  return t.app.store.db
    .selectFrom('messages')
    .selectAll()
    .where('external_id', '=', inbound.id as string)
    .executeTakeFirstOrThrow();
}
const moderate = (m: { conversation_id: string; id: string }, action: string, token = w.token) =>
  t.req('POST', `/api/v1/conversations/${m.conversation_id}/messages/${m.id}/moderation`, { token, body: { action } });
const actionOf = (messageId: string) =>
  t.app.store.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', messageId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
const dueNow = () => t.app.store.db.updateTable('jobs').set({ run_at: 0 }).where('status', '=', 'pending').execute();

describe(`moderation through the API and the outbox (${testDialect})`, () => {
  it('queues a hide, and the job posts a signed moderation request with the action id as Idempotency-Key', async () => {
    const m = await comment('m-1', 'Here is my phone: 555 0100');
    const res = await moderate(m, 'hide');
    expect(res.status).toBe(202);
    const { moderation } = await res.json();
    expect(moderation).toMatchObject({ messageId: m.id, action: 'hide', status: 'queued', error: null });
    const queued = await t.app.store.db.selectFrom('events').select(['data', 'actor_user_id']).where('type', '=', 'message.moderation_queued').execute();
    expect(queued.map((e) => JSON.parse(e.data))).toContainEqual({ messageId: m.id, actionId: moderation.id, action: 'hide' });
    await runDueJobs(t.app);
    const req = fake.requests.find((r) => r.body.type === 'moderation.requested' && r.body.item_id === m.external_id)!;
    expect(req.idempotencyKey).toBe(moderation.id);
    expect(req.body).toMatchObject({ id: moderation.id, action: 'hide', author: { id: 'm-1' }, public_item_id: 'post-m-1' });
    expect((await actionOf(m.id)).status).toBe('done');
    const conv = await (await t.req('GET', `/api/v1/conversations/${m.conversation_id}`, { token: w.token })).json();
    const shown = conv.messages.find((x: { id: string }) => x.id === m.id);
    expect(shown.hiddenAt).not.toBeNull();
    expect(shown.moderation).toMatchObject({ status: 'done', action: 'hide' });
  });

  it('a hidden comment leaves the queue for Removed and stops waiting; unhiding brings it back', async () => {
    const m = await comment('m-hq', 'My card number is 4111 1111 1111 1111, why was I charged twice?');
    const inQueue = async () =>
      ((await (await t.req('GET', '/api/v1/conversations?status=open', { token: w.token })).json()).conversations as Array<{ id: string }>).some(
        (c) => c.id === m.conversation_id,
      );
    const inRemoved = async () =>
      ((await (await t.req('GET', '/api/v1/conversations?folder=removed', { token: w.token })).json()).conversations as Array<{ id: string }>).some(
        (c) => c.id === m.conversation_id,
      );
    await runReactors(t.app, reactors);
    expect(await inQueue()).toBe(true);
    expect((await moderate(m, 'hide')).status).toBe(202);
    await runDueJobs(t.app);
    await runReactors(t.app, reactors);
    expect(await inQueue()).toBe(false);
    expect(await inRemoved()).toBe(true);
    const conv = await t.app.store.db
      .selectFrom('conversations')
      .select(['waiting_since', 'removed_at'])
      .where('id', '=', m.conversation_id)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ waiting_since: null });
    expect(conv.removed_at).not.toBeNull();

    await dueNow();
    expect((await moderate(m, 'unhide')).status).toBe(202);
    await runDueJobs(t.app);
    await runReactors(t.app, reactors);
    expect(await inRemoved()).toBe(false);
    expect(await inQueue()).toBe(true);
  });

  it('retries a 503 from the receiver, and records a 400 as failed with the status (never the body)', async () => {
    const m = await comment('m-2', 'Spam spam spam');
    let n = 0;
    fake.setResponder((r) =>
      r.body.type === 'moderation.requested' ? (++n === 1 ? { status: 503 } : { status: 400, body: { secret: 'internal detail' } }) : { status: 200 },
    );
    await moderate(m, 'delete');
    await runDueJobs(t.app);
    expect(await actionOf(m.id)).toMatchObject({ status: 'queued', error: 'the callback URL answered HTTP 503' });
    await dueNow();
    await runDueJobs(t.app);
    fake.setResponder(() => ({ status: 200 }));
    const a = await actionOf(m.id);
    expect(a).toMatchObject({ status: 'failed', error: 'the callback URL answered HTTP 400' });
    expect((await t.app.store.db.selectFrom('messages').select('deleted_at').where('id', '=', m.id).executeTakeFirstOrThrow()).deleted_at).toBeNull();
    const failed = await t.app.store.db.selectFrom('events').select('data').where('type', '=', 'message.moderation_failed').execute();
    expect(failed.map((e) => JSON.parse(e.data))).toContainEqual(expect.objectContaining({ messageId: m.id, action: 'delete', attempts: 2 }));
  });

  it('refuses an action the receiver does not take (422), a second one while the first is on its way (409), a private message (422)', async () => {
    const m = await comment('m-3', 'Hello');
    const like = await moderate(m, 'like');
    expect(like.status).toBe(422);
    expect((await like.json()).error).toMatchObject({
      code: 'capability_unsupported',
      message: `this source's receiver does not take "like" (the channel's settings.moderation)`,
    });
    expect((await moderate(m, 'hide')).status).toBe(202);
    const again = await moderate(m, 'delete');
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/a "hide" of this comment is still on its way/);
    await runDueJobs(t.app);
    const dm = await comment('m-4', 'A private question', 'dm');
    expect((await moderate(dm, 'hide')).status).toBe(422);
    const none = await t.app.store.db.selectFrom('moderation_actions').select('id').where('message_id', '=', dm.id).execute();
    expect(none).toEqual([]);
  });

  it('needs conversations.moderate: a viewer is refused naming it, an agent may', async () => {
    const m = await comment('m-5', 'Rude words');
    const viewer = await buildMember(t, w.workspaceId, 'viewer', 'Vic Viewer');
    const refused = await moderate(m, 'hide', viewer.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain('conversations.moderate');
    const bulk = await t.req('POST', '/api/v1/conversations/bulk-moderation', { token: viewer.token, body: { ids: [m.conversation_id], action: 'hide' } });
    expect(bulk.status).toBe(403);
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Ana Agent');
    expect((await moderate(m, 'hide', agent.token)).status).toBe(202);
    await runDueJobs(t.app);
  });

  it('bulk hide: every public comment of the picked conversations is queued; what cannot be is said per conversation', async () => {
    const a = await comment('b-1', 'first');
    const b = await comment('b-2', 'second');
    const dm = await comment('b-3', 'private one', 'dm');
    const other = await buildWorkspace(t);
    const res = await t.req('POST', '/api/v1/conversations/bulk-moderation', {
      token: w.token,
      body: { ids: [a.conversation_id, b.conversation_id, dm.conversation_id], action: 'hide' },
    });
    expect(res.status).toBe(202);
    const { results } = await res.json();
    expect(results).toEqual([
      { id: a.conversation_id, queued: 1, skipped: [] },
      { id: b.conversation_id, queued: 1, skipped: [] },
      { id: dm.conversation_id, queued: 0, skipped: ['no public customer comment in this conversation'] },
    ]);
    await runDueJobs(t.app);
    expect((await actionOf(a.id)).status).toBe('done');
    // Hidden already: a second bulk hide queues nothing and says why.
    const again = await (
      await t.req('POST', '/api/v1/conversations/bulk-moderation', { token: w.token, body: { ids: [a.conversation_id], action: 'hide' } })
    ).json();
    expect(again.results[0]).toMatchObject({ queued: 0, skipped: ['this comment is already hidden on the source'] });
    // Another workspace's ids find nothing to do.
    const cross = await (
      await t.req('POST', '/api/v1/conversations/bulk-moderation', { token: other.token, body: { ids: [b.conversation_id], action: 'delete' } })
    ).json();
    expect(cross.results[0]).toMatchObject({ queued: 0 });
    const bad = await t.req('POST', '/api/v1/conversations/bulk-moderation', { token: w.token, body: { ids: [], action: 'like' } });
    expect(bad.status).toBe(400);
  });

  it('a channel whose receiver takes no moderation says so (422) and queues nothing', async () => {
    await setModeration(undefined);
    try {
      const m = await comment('n-1', 'hi');
      const r = await moderate(m, 'hide');
      expect(r.status).toBe(422);
      expect((await r.json()).error.code).toBe('capability_unsupported');
    } finally {
      await setModeration(['hide', 'unhide', 'delete']);
    }
  });
});
