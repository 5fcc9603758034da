import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { runDueJobs } from '../jobs/run-due.js';
import { wakeSnoozed } from './wake-snoozed.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let fake: Awaited<ReturnType<typeof startFakeCallback>>;

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
async function conversationFor(from: string, extra: Record<string, unknown> = {}, ws = w) {
  await deliver(t, ws, buildInbound({ from: { id: from, name: `Customer ${from}` }, ...extra }));
  await drain();
  const res = await t.req('GET', `/api/v1/conversations?limit=100`, { token: ws.token });
  const body = await res.json();
  return body.conversations.find((c: any) => c.contact.name === `Customer ${from}`);
}

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: fake.url });
  other = await buildWorkspace(t, { name: 'Other Co' });
});
afterAll(async () => {
  await fake.close();
  await t.close();
});

describe(`conversations API (${testDialect})`, () => {
  it('lists the queue with a preview, and opens a conversation with its thread and capabilities', async () => {
    const conv = await conversationFor('list-1', { text: 'Hello, my parcel is late' });
    expect(conv).toMatchObject({ kind: 'dm', status: 'open', unread: 1, lastMessage: { body: 'Hello, my parcel is late', direction: 'in' } });
    const res = await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token });
    expect(res.status).toBe(200);
    const full = await res.json();
    expect(full.messages).toHaveLength(1);
    expect(full.contact.identities[0]).toMatchObject({ network: 'api', externalId: 'list-1' });
    expect(full.channel.capabilities.publicReply).toBe(true);
  });

  it('replies: message and outbox job together, delivered to the callback once, with the network id recorded', async () => {
    const conv = await conversationFor('reply-1');
    const res = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Sorry about that — checking now.' } });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message).toMatchObject({ direction: 'out', authorKind: 'human', deliveryStatus: 'queued', visibility: 'private' });
    const jobs = await t.app.store.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).execute();
    expect(jobs).toHaveLength(1);
    expect(await runDueJobs(t.app)).toBeGreaterThan(0);
    expect(fake.accepted.get(message.id)?.body).toMatchObject({ message: { text: 'Sorry about that — checking now.' }, recipient: { id: 'reply-1' } });
    const stored = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ delivery_status: 'sent', external_id: `net-${message.id}` });
    // The source reports delivery through the same webhook: the reply shows as delivered.
    await deliver(t, w, { type: 'status', id: `net-${message.id}`, status: 'delivered' });
    await drain();
    const after = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(after.messages.at(-1).deliveryStatus).toBe('delivered');
    expect(after.waitingSince).toBeNull();
    expect(await runDueJobs(t.app)).toBe(0); // nothing is sent twice
  });

  it('an echo of our own send that arrives first gives way to the reply (one message, author known)', async () => {
    const conv = await conversationFor('echo-race');
    const { message } = await (await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Racing the echo' } })).json();
    // The network echoes the post (as "from the brand, outside Hearken") before our sender records its id.
    await deliver(t, w, buildInbound({ id: `net-${message.id}`, from: { id: 'echo-race' }, text: 'Racing the echo', echo: true }));
    await drain();
    await runDueJobs(t.app);
    const rows = await t.app.store.db.selectFrom('messages').selectAll().where('external_id', '=', `net-${message.id}`).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: message.id, author_kind: 'human', delivery_status: 'sent' });
  });

  it('retries transient failures with backoff and records permanent ones with the network text', async () => {
    const conv = await conversationFor('fail-1');
    let calls = 0;
    fake.setResponder(() => (++calls === 1 ? { status: 503, body: { error: 'busy' } } : { status: 200 }));
    const before = fake.requests.length;
    const { message } = await (await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'first try fails' } })).json();
    await runDueJobs(t.app);
    let row = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('queued');
    expect(row.delivery_error).toMatch(/503/);
    const job = await t.app.store.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).executeTakeFirstOrThrow();
    expect(job.run_at).toBeGreaterThan(Date.now());
    // Move time past the backoff.
    const realNow = t.app.now;
    t.app.now = () => realNow() + 60 * 60_000;
    await runDueJobs(t.app);
    t.app.now = realNow;
    row = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('sent');
    expect(fake.requests.length - before).toBe(2);

    fake.setResponder(() => ({ status: 400, body: { error: 'recipient blocked the page' } }));
    const r2 = await (await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'refused' } })).json();
    await runDueJobs(t.app);
    const failed = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    const m = failed.messages.find((x: any) => x.id === r2.message.id);
    expect(m.deliveryStatus).toBe('failed');
    // The callback is a host the admin chose: its status code is shown, never its body.
    expect(m.deliveryError).toBe('the callback URL answered HTTP 400');
    fake.setResponder(() => ({ status: 200 }));
    expect((await t.req('POST', `/api/v1/messages/${r2.message.id}/retry`, { token: w.token })).status).toBe(202);
    await runDueJobs(t.app);
    expect(fake.accepted.has(r2.message.id)).toBe(true);
    expect((await t.req('POST', `/api/v1/messages/${r2.message.id}/retry`, { token: w.token })).status).toBe(409);
  });

  it('moves a public comment to private, linking both, with an optional public note', async () => {
    const conv = await conversationFor('fan-9', { text: 'My order #A-7781 never arrived!', conversation: { kind: 'comment', item_id: 'post-1' } });
    expect(conv.visibility).toBe('public');
    const res = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
      token: w.token,
      body: { text: 'Hi! Could you confirm your email so I can check order A-7781?', visibility: 'private', publicNote: "We've sent you a private message." },
    });
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.privateConversationId).toBeTruthy();
    expect(r.publicNote).toMatchObject({ visibility: 'public', body: "We've sent you a private message." });
    const priv = await (await t.req('GET', `/api/v1/conversations/${r.privateConversationId}`, { token: w.token })).json();
    expect(priv).toMatchObject({ kind: 'dm', visibility: 'private', linkedConversationId: conv.id });
    expect(priv.messages[0].replyToExternalId).toBe(
      conv.lastMessage ? (await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json()).messages[0].externalId : null,
    );
    const pub = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(pub.linkedConversationId).toBe(r.privateConversationId);
    // A private conversation cannot be answered in public.
    const bad = await t.req('POST', `/api/v1/conversations/${r.privateConversationId}/replies`, { token: w.token, body: { text: 'x', visibility: 'public' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('capability_unsupported');
  });

  it('refuses a public reply that would expose personal details unless the agent confirms', async () => {
    const conv = await conversationFor('guard-1', { conversation: { kind: 'comment', item_id: 'post-guard' } });
    const res = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
      token: w.token,
      body: { text: 'Write to ana.lima@example.com or call +44 20 7946 0958' },
    });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe('privacy_guard');
    expect(err.message).toContain('an email address');
    expect(err.fields[0].field).toBe('text');
    expect(await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).where('direction', '=', 'out').execute()).toEqual(
      [],
    );
    const note = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
      token: w.token,
      body: { text: 'Sent you a DM', visibility: 'private', publicNote: 'Mail us at help@shop.example' },
    });
    expect((await note.json()).error.fields[0].field).toBe('publicNote');
    // Privately it is fine, and publicly when the agent explicitly confirms.
    expect(
      (
        await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
          token: w.token,
          body: { text: 'Your email ana.lima@example.com is noted', visibility: 'private' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
          token: w.token,
          body: { text: 'Our support address is help@shop.example', allowPersonalData: true },
        })
      ).status,
    ).toBe(201);
  });

  it('adds notes, assigns, tags, sets priority, snoozes and resolves — each an event', async () => {
    const conv = await conversationFor('work-1');
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Sam Agent');
    const base = `/api/v1/conversations/${conv.id}`;
    expect((await t.req('POST', `${base}/notes`, { token: w.token, body: { text: 'VIP, be quick' } })).status).toBe(201);
    expect((await t.req('POST', `${base}/assign`, { token: w.token, body: { assigneeId: agent.userId } })).status).toBe(200);
    expect((await t.req('POST', `${base}/tags`, { token: w.token, body: { add: ['Refund', 'vip'] } })).status).toBe(200);
    expect((await t.req('PATCH', base, { token: w.token, body: { priority: 'high' } })).status).toBe(200);
    const mine = await (await t.req('GET', '/api/v1/conversations?assignee=me&tag=refund', { token: agent.token })).json();
    expect(mine.conversations.map((c: any) => c.id)).toEqual([conv.id]);
    expect(mine.conversations[0].tags).toEqual(['refund', 'vip']);

    const past = await t.req('POST', `${base}/status`, {
      token: w.token,
      body: { status: 'snoozed', snoozedUntil: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect((await past.json()).error.fields[0].field).toBe('snoozedUntil');
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect((await t.req('POST', `${base}/status`, { token: w.token, body: { status: 'snoozed', snoozedUntil: until } })).status).toBe(200);
    const realNow = t.app.now;
    t.app.now = () => realNow() + 2 * 3600_000;
    expect(await wakeSnoozed(t.app)).toBeGreaterThanOrEqual(1);
    t.app.now = realNow;
    expect((await (await t.req('GET', base, { token: w.token })).json()).status).toBe('open');
    expect((await t.req('POST', `${base}/status`, { token: w.token, body: { status: 'resolved' } })).status).toBe(200);
    expect((await t.req('POST', `${base}/status`, { token: w.token, body: { status: 'resolved' } })).status).toBe(409);
    const types = (await t.app.store.db.selectFrom('events').select('type').where('conversation_id', '=', conv.id).execute()).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'conversation.created',
        'message.received',
        'note.added',
        'conversation.assigned',
        'conversation.tagged',
        'conversation.updated',
        'conversation.status_changed',
      ]),
    );
  });

  it('reopens a resolved DM when the customer writes again within the window', async () => {
    const conv = await conversationFor('reopen-1');
    await t.req('POST', `/api/v1/conversations/${conv.id}/status`, { token: w.token, body: { status: 'resolved' } });
    await deliver(t, w, buildInbound({ from: { id: 'reopen-1' }, text: 'one more thing' }));
    await drain();
    const after = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(after.status).toBe('open');
    expect(after.messages).toHaveLength(2);
  });

  it('filters, sorts and paginates with cursors', async () => {
    for (let i = 0; i < 5; i++) await conversationFor(`page-${i}`, { text: `page message ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/conversations?limit=2&sort=oldest_waiting${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await (await t.req('GET', url, { token: w.token })).json();
      seen.push(...page.conversations.map((c: any) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json();
    expect(seen.length).toBe(all.conversations.length);
    const byPriority = await (await t.req('GET', '/api/v1/conversations?limit=100&sort=priority', { token: w.token })).json();
    const rank = (name: string) => ['none', 'low', 'normal', 'high', 'urgent'].indexOf(name);
    const prios = byPriority.conversations.map((c: any) => rank(c.priority));
    expect(prios.every((r: number) => r >= 0)).toBe(true);
    expect([...prios].sort((a, b) => b - a)).toEqual(prios);
    const text = await (await t.req('GET', '/api/v1/conversations?q=page%20message%203', { token: w.token })).json();
    expect(text.conversations.map((c: any) => c.contact.name)).toEqual(['Customer page-3']);
    const comments = await (await t.req('GET', '/api/v1/conversations?kind=comment&visibility=public', { token: w.token })).json();
    expect(comments.conversations.every((c: any) => c.kind === 'comment')).toBe(true);
  });

  it('rejects bad input with the field named', async () => {
    const conv = await conversationFor('bad-1');
    const empty = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: '   ' } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields[0].field).toBe('text');
    const long = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'x'.repeat(10_001) } });
    expect(long.status).toBe(400);
    const badSort = await t.req('GET', '/api/v1/conversations?sort=sideways', { token: w.token });
    expect(badSort.status).toBe(400);
    expect((await badSort.json()).error.fields[0].field).toBe('query.sort');
    const badCursor = await t.req('GET', '/api/v1/conversations?cursor=garbage', { token: w.token });
    expect(badCursor.status).toBe(400);
    const notJson = await t.req('POST', `/api/v1/conversations/${conv.id}/notes`, { token: w.token, body: '{oops' });
    expect(notJson.status).toBe(400);
    const viewerAssignee = await buildMember(t, w.workspaceId, 'viewer');
    const assign = await t.req('POST', `/api/v1/conversations/${conv.id}/assign`, { token: w.token, body: { assigneeId: viewerAssignee.userId } });
    expect(assign.status).toBe(400);
  });

  it('enforces roles and workspace isolation', async () => {
    const conv = await conversationFor('iso-1');
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: viewer.token })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: viewer.token, body: { text: 'hi' } })).status).toBe(403);
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['POST', '/replies', { text: 'hi' }],
      ['POST', '/notes', { text: 'hi' }],
      ['POST', '/status', { status: 'resolved' }],
      ['POST', '/tags', { add: ['x'] }],
      ['POST', '/assign', { assigneeId: null }],
    ] as const) {
      const res = await t.req(method, `/api/v1/conversations/${conv.id}${path}`, { token: other.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: other.token })).json();
    expect(list.conversations).toEqual([]);
    expect((await t.req('GET', '/api/v1/conversations')).status).toBe(401);
  });
});
