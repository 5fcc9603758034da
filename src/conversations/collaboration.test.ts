import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { SseConnection, startServer } from '../test/sse-client.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

async function newConversation(from: string, extra: Record<string, unknown> = {}) {
  await deliver(t, w, buildInbound({ from: { id: from, name: from }, ...extra }));
  while ((await processJournalBatch(t.app)) > 0);
  const row = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', 'like', `%${from}`)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe(`working together (${testDialect})`, () => {
  it('counts open conversations per view', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const a = await newConversation('count-a');
    await newConversation('count-b', { conversation: { kind: 'comment', item_id: 'p1' } });
    await t.req('POST', `/api/v1/conversations/${a}/assign`, { token: w.token, body: { assigneeId: agent.userId } });
    const res = await (await t.req('GET', '/api/v1/conversations/counts', { token: agent.token })).json();
    expect(res.open.mine).toBe(1);
    expect(res.open.all).toBeGreaterThanOrEqual(2);
    expect(res.open.unassigned).toBe(res.open.all - 1);
    expect(res.open.byKind.comment).toBeGreaterThanOrEqual(1);
    expect(res.open.byChannel[w.channelId]).toBe(res.open.all);
    const otherCounts = await (await t.req('GET', '/api/v1/conversations/counts', { token: other.token })).json();
    expect(otherCounts.open.all).toBe(0);
  });

  it('applies bulk changes one by one and reports per-conversation errors', async () => {
    const ids = [await newConversation('bulk-1'), await newConversation('bulk-2')];
    const foreign = await (async () => {
      await deliver(t, other, buildInbound({ from: { id: 'x-1' } }));
      while ((await processJournalBatch(t.app)) > 0);
      return (await t.app.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', other.workspaceId).executeTakeFirstOrThrow()).id;
    })();
    const res = await t.req('POST', '/api/v1/conversations/bulk', {
      token: w.token,
      body: { ids: [...ids, foreign], addTags: ['Billing'], status: 'resolved' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.updated).toBe(2);
    expect(body.errors).toEqual([{ id: foreign, code: 'not_found', message: 'conversation not found' }]);
    const after = await t.app.store.db.selectFrom('conversations').select(['status']).where('id', 'in', ids).execute();
    expect(after.every((c) => c.status === 'resolved')).toBe(true);
    const untouched = await t.app.store.db.selectFrom('conversations').select('status').where('id', '=', foreign).executeTakeFirstOrThrow();
    expect(untouched.status).toBe('open');
    expect((await t.req('POST', '/api/v1/conversations/bulk', { token: w.token, body: { ids } })).status).toBe(400);
  });

  it('warns the second agent when someone replied since they opened the conversation', async () => {
    const id = await newConversation('collide-1');
    const sam = await buildMember(t, w.workspaceId, 'agent', 'Sam Lee');
    const kim = await buildMember(t, w.workspaceId, 'agent', 'Kim Ng');
    const openedAt = new Date(Date.now() - 1000).toISOString();
    expect((await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: sam.token, body: { text: 'On it!', ifNoReplySince: openedAt } })).status).toBe(
      201,
    );
    const second = await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: kim.token, body: { text: 'Hello!', ifNoReplySince: openedAt } });
    expect(second.status).toBe(409);
    expect((await second.json()).error.message).toBe('Sam Lee replied since you opened this conversation');
    // Your own earlier reply is not a collision; sending anyway (without the check) works.
    expect((await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: sam.token, body: { text: 'More', ifNoReplySince: openedAt } })).status).toBe(
      201,
    );
    expect((await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: kim.token, body: { text: 'Hello!' } })).status).toBe(201);
  });

  it('shows who else is viewing or typing, live on the stream, and forgets them after the TTL', async () => {
    const id = await newConversation('presence-1');
    const sam = await buildMember(t, w.workspaceId, 'agent', 'Sam Lee');
    const kim = await buildMember(t, w.workspaceId, 'agent', 'Kim Ng');
    const server = await startServer(t);
    const sse = await SseConnection.open(`${server.url}/api/v1/stream`, { authorization: `Bearer ${kim.token}` });
    try {
      await sse.next(5000, (f) => f.event === 'ready');
      const first = await (await t.req('POST', `/api/v1/conversations/${id}/presence`, { token: sam.token, body: { state: 'viewing' } })).json();
      expect(first.viewers).toEqual([]);
      const frame = await sse.next(5000, (f) => f.event === 'presence');
      expect(JSON.parse(frame.data!)).toEqual({ conversationId: id, viewers: [{ userId: sam.userId, name: 'Sam Lee', state: 'viewing' }] });
      expect(frame.id).toBeUndefined();
      const second = await (await t.req('POST', `/api/v1/conversations/${id}/presence`, { token: kim.token, body: { state: 'typing' } })).json();
      expect(second.viewers).toEqual([{ userId: sam.userId, name: 'Sam Lee', state: 'viewing' }]);
      const seen = await (await t.req('GET', `/api/v1/conversations/${id}/presence`, { token: sam.token })).json();
      expect(seen.viewers).toEqual([{ userId: kim.userId, name: 'Kim Ng', state: 'typing' }]);
      const realNow = t.app.now;
      t.app.now = () => realNow() + 31_000;
      expect((await (await t.req('GET', `/api/v1/conversations/${id}/presence`, { token: sam.token })).json()).viewers).toEqual([]);
      t.app.now = realNow;
      expect((await t.req('POST', `/api/v1/conversations/${id}/presence`, { token: other.token, body: { state: 'viewing' } })).status).toBe(404);
      expect((await t.req('POST', `/api/v1/conversations/${id}/presence`, { token: sam.token, body: { state: 'dancing' } })).status).toBe(400);
    } finally {
      sse.close();
      await server.close();
    }
  });

  it('names mentioned colleagues in the note event and refuses strangers', async () => {
    const id = await newConversation('mention-1');
    const kim = await buildMember(t, w.workspaceId, 'agent', 'Kim Ng');
    const stranger = await buildMember(t, other.workspaceId, 'agent');
    const ok = await t.req('POST', `/api/v1/conversations/${id}/notes`, {
      token: w.token,
      body: { text: '@Kim can you check the refund?', mentions: [kim.userId] },
    });
    expect(ok.status).toBe(201);
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('conversation_id', '=', id)
      .where('type', '=', 'note.added')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.data).mentionedUserIds).toEqual([kim.userId]);
    const bad = await t.req('POST', `/api/v1/conversations/${id}/notes`, { token: w.token, body: { text: 'hi', mentions: [stranger.userId] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('mentions');
  });
});
