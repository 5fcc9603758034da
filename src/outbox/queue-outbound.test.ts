import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { AppError } from '../lib/errors.js';
import type { ConversationTable } from '../store/schema.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { type OutboundMessage, queueOutbound, requeueOutbound } from './queue-outbound.js';
import { sendJob } from './send-message.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2024-03-04T10:00:00Z'); // a Monday

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
});
afterAll(() => t.close());

/** A customer writes on the workspace's API channel; answers their conversation. */
async function customerWrites(w: TestWorkspace, from: string): Promise<ConversationTable> {
  expect((await deliver(t, w, buildInbound({ from: { id: from }, timestamp: clock }))).status).toBe(200);
  while (await processJournalBatch(t.app)) {}
  return t.app.store.db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', 'like', `%${from}`)
    .executeTakeFirstOrThrow();
}

const queue = (conv: ConversationTable, over: Partial<OutboundMessage> = {}) =>
  t.app.store.db.transaction().execute((tx) =>
    queueOutbound(tx, t.app.store.dialect, {
      conversation: conv,
      authorKind: 'human',
      authorUserId: null,
      text: 'On it!',
      visibility: 'private',
      now: clock,
      ...over,
    }),
  );

/** Everything the door writes for one message, as stored. */
async function written(messageId: string) {
  const db = t.app.store.db;
  const [message, jobs, events, searchDocs] = await Promise.all([
    db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst(),
    db.selectFrom('jobs').selectAll().where('name', '=', sendJob.name).where('payload', 'like', `%${messageId}%`).execute(),
    db.selectFrom('events').selectAll().where('type', '=', 'message.created').where('data', 'like', `%${messageId}%`).execute(),
    db.selectFrom('search_docs').select('message_id').where('message_id', '=', messageId).execute(),
  ]);
  return { message, jobs, events, searchDocs };
}

async function metrics(w: TestWorkspace) {
  const res = await t.req('GET', '/api/v1/metrics?from=2024-03-04&to=2024-03-04', { token: w.token });
  expect(res.status).toBe(200);
  return (await res.json()).total.metrics;
}

describe(`outbox door: queueOutbound (${testDialect})`, () => {
  it('writes the message, its send job, its search entry, the conversation activity and the event together', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const conv = await customerWrites(w, 'door-ana');
    expect(conv.waiting_since).not.toBeNull();
    clock += M;
    const row = await queue(conv, { authorUserId: agent.userId, text: 'Your parcel left this morning', replyToExternalId: 'ext-1' });

    const got = await written(row.id);
    expect(got.message).toMatchObject({
      direction: 'out',
      author_kind: 'human',
      author_user_id: agent.userId,
      visibility: 'private',
      body: 'Your parcel left this morning',
      reply_to_external_id: 'ext-1',
      delivery_status: 'queued',
      attachments: '[]',
    });
    expect(got.jobs).toHaveLength(1);
    expect(got.jobs[0]).toMatchObject({ status: 'pending', workspace_id: w.workspaceId, run_at: clock });
    expect(JSON.parse(got.jobs[0].payload)).toEqual({ messageId: row.id });
    expect(got.searchDocs).toHaveLength(1);
    expect(got.events).toHaveLength(1);
    expect(got.events[0]).toMatchObject({ conversation_id: conv.id, actor_user_id: agent.userId });
    expect(JSON.parse(got.events[0].data)).toEqual({ messageId: row.id, direction: 'out', authorKind: 'human', visibility: 'private' });
    // A person answered: the customer no longer waits.
    const after = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ last_message_at: clock, waiting_since: null, unread: 0 });
  });

  it('a rollback of the caller’s transaction leaves none of it', async () => {
    const w = await buildWorkspace(t);
    const conv = await customerWrites(w, 'door-rollback');
    clock += M;
    let id = '';
    await expect(
      t.app.store.db.transaction().execute(async (tx) => {
        id = (
          await queueOutbound(tx, t.app.store.dialect, {
            conversation: conv,
            authorKind: 'human',
            authorUserId: null,
            text: 'lost',
            visibility: 'private',
            now: clock,
          })
        ).id;
        throw new Error('the command failed after queuing');
      }),
    ).rejects.toThrow('the command failed after queuing');
    expect(id).not.toBe('');
    expect(await written(id)).toEqual({ message: undefined, jobs: [], events: [], searchDocs: [] });
    const after = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
    expect(after.last_message_at).toBe(conv.last_message_at);
    expect(after.waiting_since).toBe(conv.waiting_since);
  });

  it('records the author kind; bot and automation messages move the conversation but do not end the wait', async () => {
    const w = await buildWorkspace(t);
    const conv = await customerWrites(w, 'door-kinds');
    for (const authorKind of ['bot', 'automation'] as const) {
      clock += M;
      const row = await queue(conv, { authorKind, text: `${authorKind} says hi` });
      const got = await written(row.id);
      expect(got.message?.author_kind).toBe(authorKind);
      expect(got.message?.author_user_id).toBeNull();
      expect(JSON.parse(got.events[0].data).authorKind).toBe(authorKind);
      const after = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ last_message_at: clock, waiting_since: conv.waiting_since, unread: conv.unread });
    }
  });

  it('options: buttons, attachments and event tags are kept; touchConversation false leaves the conversation as it was', async () => {
    const w = await buildWorkspace(t);
    const conv = await customerWrites(w, 'door-options');
    clock += M;
    const buttons = [{ label: 'Great', payload: 'p5' }];
    const row = await queue(conv, {
      authorKind: 'automation',
      text: 'How did we do?',
      buttons,
      attachments: [{ type: 'whatsapp_template', template: 'x' }],
      eventTags: { survey: true },
      touchConversation: false,
    });
    const got = await written(row.id);
    expect(JSON.parse(got.message?.buttons ?? 'null')).toEqual(buttons);
    expect(JSON.parse(got.message?.attachments ?? '[]')).toEqual([{ type: 'whatsapp_template', template: 'x' }]);
    expect(JSON.parse(got.events[0].data)).toMatchObject({ survey: true, authorKind: 'automation' });
    expect(got.jobs).toHaveLength(1);
    expect(got.searchDocs).toHaveLength(1);
    const after = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
    expect(after.last_message_at).toBe(conv.last_message_at);
    expect(after.updated_at).toBe(conv.updated_at);
  });

  it('metrics: bot and automation messages queued through the door do not count as the first response; a human one does', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2024-03-04T12:00:00Z');
    const conv = await customerWrites(w, 'door-metrics');
    clock += M;
    await queue(conv, { authorKind: 'automation', text: 'We got your message.' });
    clock += M;
    await queue(conv, { authorKind: 'bot', text: 'Meanwhile, try turning it off and on.' });
    let m = await metrics(w);
    expect(m).toMatchObject({ inboundMessages: 1, answered: 0 });
    clock += 8 * M;
    await queue(conv, { authorKind: 'human', text: 'Hi, Olivia here: sorted.' });
    m = await metrics(w);
    expect(m).toMatchObject({ answered: 1, responseRate: 1, firstResponseMedian: 600 });
  });
});

describe(`outbox door: requeueOutbound (${testDialect})`, () => {
  it('requeues a failed message once (same id, a new job, message.retried) and refuses one that may still go out', async () => {
    const w = await buildWorkspace(t);
    const conv = await customerWrites(w, 'door-retry');
    clock += M;
    const row = await queue(conv);
    const db = t.app.store.db;
    const requeue = () => db.transaction().execute((tx) => requeueOutbound(tx, { ...row, delivery_status: 'failed' }, { actorUserId: w.ownerId, now: clock }));

    // Still queued: a second job would risk a second send.
    await expect(db.transaction().execute((tx) => requeueOutbound(tx, row, { actorUserId: w.ownerId, now: clock }))).rejects.toMatchObject({
      code: 'conflict',
    });

    await db.updateTable('messages').set({ delivery_status: 'failed', delivery_error: 'boom' }).where('id', '=', row.id).execute();
    clock += M;
    await requeue();
    const got = await written(row.id);
    expect(got.message).toMatchObject({ delivery_status: 'queued', delivery_error: null });
    expect(got.jobs).toHaveLength(2);
    const retried = await db.selectFrom('events').selectAll().where('type', '=', 'message.retried').where('conversation_id', '=', conv.id).execute();
    expect(retried).toHaveLength(1);
    expect(JSON.parse(retried[0].data)).toEqual({ messageId: row.id, previous: 'failed' });
    expect(retried[0].actor_user_id).toBe(w.ownerId);

    const inbound = await db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).where('direction', '=', 'in').executeTakeFirstOrThrow();
    const err = await db
      .transaction()
      .execute((tx) => requeueOutbound(tx, { ...inbound, delivery_status: 'failed' }, { actorUserId: null, now: clock }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
  });
});
