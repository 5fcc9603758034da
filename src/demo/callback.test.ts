import { UNANALYSED } from '../store/row-defaults.js';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChannels } from '../channel-admin/check-channels.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { loadChannel, type LoadedChannel } from '../channels/load-channel.js';
import { apiSender } from '../channels/api/send.js';
import { signBody } from '../channels/api/signature.js';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import type { ConversationTable } from '../store/schema.js';
import { buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { demoCallbackTiming } from './accept-reply.js';
import { messageEvent, messageId, newDemoThread } from './demo-events.js';
import { rememberThread, stopDemoTimers } from './registry.js';
import { DEMO_FOLLOW_UPS, DEMO_SCRIPTS } from './scripts.js';

let t: TestApp;
let w: TestWorkspace;
let demo: LoadedChannel;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t, { name: 'Demo Shop' });
  const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic', settings: { network: 'demo' } });
  demo = (await loadChannel(t.app.store.db, t.app.config, ch.id))!;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      baseUrl = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
});
afterAll(async () => {
  stopDemoTimers(demo.row.id);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const callbackUrl = (channelId: string) => `${baseUrl}/demo/callback/${channelId}`;
const outbound = (recipientId: string) =>
  JSON.stringify({
    id: 'm1',
    type: 'message.outbound',
    conversation: { id: 'c1', kind: 'dm', thread: 'x', item_id: null },
    recipient: { id: recipientId, handle: null },
    message: { id: 'm1', text: 'Hi!', visibility: 'private' },
  });
const post = (channelId: string, body: string, headers: Record<string, string>) =>
  fetch(callbackUrl(channelId), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A scripted customer writes in (through the webhook), and we get their stored conversation. */
async function customerWrites(scriptKey: string, n: number): Promise<ConversationTable> {
  const thread = newDemoThread(demo.row.id, DEMO_SCRIPTS.find((s) => s.key === scriptKey)!, 'rcb', n);
  rememberThread(thread);
  const id = messageId(thread.kind, thread.idBase, 0);
  expect((await deliver(t, { channelId: demo.row.id, signingSecret: demo.secrets.signingSecret }, messageEvent(thread, id, 'first', Date.now()))).status).toBe(
    200,
  );
  thread.messageIds.push(id);
  await drain();
  const msg = await t.app.store.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow();
  return t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', msg.conversation_id).executeTakeFirstOrThrow();
}

/** Hearken's own sender replying in that conversation, to the demo callback; the reply row is stored like the outbox would. */
async function replyThroughSender(conv: ConversationTable, customerId: string, visibility: 'public' | 'private', key = newId()) {
  const now = Date.now();
  const message = {
    id: newId(now),
    workspace_id: w.workspaceId,
    conversation_id: conv.id,
    channel_id: demo.row.id,
    direction: 'out' as const,
    author_kind: 'human' as const,
    author_user_id: w.ownerId,
    visibility,
    body: 'We are on it!',
    attachments: '[]',
    external_id: null,
    reply_to_external_id: null,
    network_ts: null,
    received_at: now,
    delivery_status: 'sent' as const,
    delivery_error: null,
    edited_at: null,
    deleted_at: null,
    created_at: now,
    ...UNANALYSED,
  };
  const r = await apiSender.send({
    channel: demo.row,
    secrets: demo.secrets,
    settings: { network: 'demo', callbackUrl: callbackUrl(demo.row.id) },
    conversation: conv,
    message,
    recipient: { externalId: customerId, handle: null },
    idempotencyKey: key,
    previousAttemptUnknown: false,
    timeoutMs: 5000,
    outbound: t.app.outbound,
  });
  if (!r.ok) throw new Error(r.error);
  await t.app.store.db
    .insertInto('messages')
    .values({ ...message, external_id: r.externalId })
    .execute();
  return { externalId: r.externalId!, messageId: message.id };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 8000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await drain();
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

describe(`demo callback (${testDialect})`, () => {
  it('passes "Check connection": the demo network answers the check at its callback URL, for demo channels only', async () => {
    await t.app.store.db
      .updateTable('channels')
      .set({ settings: JSON.stringify({ network: 'demo', callbackUrl: callbackUrl(demo.row.id) }) })
      .where('id', '=', demo.row.id)
      .execute();
    t.app.channels.changed(demo.row.id);
    const [check] = await checkChannels(t.app, { channelId: demo.row.id });
    expect(check).toMatchObject({ status: 'ok', detail: 'callback reachable (HTTP 204)' });
    expect((await fetch(callbackUrl(w.channelId), { method: 'HEAD' })).status).toBe(404);
  });

  it('a demo comment carries the shop’s post, and a demo mention is its own post: agents see the original post, never a lookup error', async () => {
    for (const key of ['en-late-delivery', 'en-praise']) {
      const conv = await customerWrites(key, 7);
      const view = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
      expect(view.postContext).toMatchObject({ status: 'ready', text: expect.any(String) });
      expect(view.postContext.text.length).toBeGreaterThan(3);
    }
  });

  it('answers 401 to a missing or wrong signature', async () => {
    const body = outbound('someone');
    const missing = await post(demo.row.id, body, {});
    expect(missing.status).toBe(401);
    const wrong = await post(demo.row.id, body, signBody('whsec_wrong', body, Date.now()));
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('invalid_signature');
  });

  it('answers 404 for a channel that is not a demo channel, even when correctly signed', async () => {
    const body = outbound('someone');
    const res = await post(w.channelId, body, signBody(w.signingSecret, body, Date.now()));
    expect(res.status).toBe(404);
    expect((await post('no-such-channel', body, signBody(w.signingSecret, body, Date.now()))).status).toBe(404);
  });

  it('answers 400 naming the field when the body is not the outbound contract', async () => {
    const body = JSON.stringify({ type: 'message.outbound', message: { text: 'hi' } });
    const res = await post(demo.row.id, body, signBody(demo.secrets.signingSecret, body, Date.now()));
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.map((f: { field: string }) => f.field)).toContain('recipient');
  });

  it('answers 200 with a network id, the same id for a retried send', async () => {
    const body = outbound('someone');
    const headers = { ...signBody(demo.secrets.signingSecret, body, Date.now()), 'idempotency-key': 'retry-me' };
    const first = await post(demo.row.id, body, headers);
    expect(first.status).toBe(200);
    const { id } = await first.json();
    expect(id).toMatch(/^demo-out-[0-9a-f-]{36}$/);
    const again = await post(demo.row.id, body, headers);
    expect((await again.json()).id).toBe(id);
  });

  it('a reply is delivered, then read, and the customer writes back in their language in the same thread', async () => {
    Object.assign(demoCallbackTiming, { deliveredMs: [20, 60], readMs: [20, 60], followUpMs: [20, 60], followUpChance: 1 });
    const conv = await customerWrites('vi-size-question', 1);
    const customerId = newDemoThread(demo.row.id, DEMO_SCRIPTS.find((s) => s.key === 'vi-size-question')!, 'rcb', 1).customerId;
    const sent = await replyThroughSender(conv, customerId, 'private');
    expect(sent.externalId).toMatch(/^demo-out-/);
    const db = t.app.store.db;
    await waitFor(
      async () =>
        (await db.selectFrom('messages').select('delivery_status').where('id', '=', sent.messageId).executeTakeFirstOrThrow()).delivery_status === 'read',
    );
    await waitFor(
      async () => (await db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).where('direction', '=', 'in').execute()).length === 2,
    );
    const last = await db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conv.id)
      .where('direction', '=', 'in')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(DEMO_FOLLOW_UPS.vi).toContain(last.body);
    const failed = await db.selectFrom('journal').select('error').where('channel_id', '=', demo.row.id).where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
  });

  it('after a private reply to a public comment, the customer writes back in a direct message', async () => {
    Object.assign(demoCallbackTiming, { deliveredMs: [20, 60], readMs: [20, 60], followUpMs: [20, 60], followUpChance: 1 });
    const script = DEMO_SCRIPTS.find((s) => s.key === 'tr-private-order')!;
    const conv = await customerWrites(script.key, 2);
    expect(conv).toMatchObject({ kind: 'comment', visibility: 'public' });
    const customerId = newDemoThread(demo.row.id, script, 'rcb', 2).customerId;
    await replyThroughSender(conv, customerId, 'private');
    const db = t.app.store.db;
    const dm = async () =>
      db
        .selectFrom('conversations')
        .innerJoin('messages', 'messages.conversation_id', 'conversations.id')
        .select(['conversations.kind', 'messages.body'])
        .where('conversations.workspace_id', '=', w.workspaceId)
        .where('conversations.contact_id', '=', conv.contact_id)
        .where('conversations.kind', '=', 'dm')
        .executeTakeFirst();
    await waitFor(async () => (await dm()) !== undefined);
    expect(DEMO_FOLLOW_UPS.tr).toContain((await dm())!.body);
  });
});
