import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from './processor.js';
import { signBody } from '../channels/api/signature.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_BODY_LIMIT_BYTES: '4096' });
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const count = async (table: 'journal' | 'messages' | 'conversations' | 'pending_updates', ws = w.workspaceId) =>
  Number(
    (
      await t.app.store.db
        .selectFrom(table)
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow()
    ).n,
  );
const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};

describe(`intake (${testDialect})`, () => {
  it('journals a signed delivery, acknowledges, and threads it into a conversation', async () => {
    const res = await deliver(t, w, buildInbound({ from: { id: 'u-100', name: 'Bình' }, text: 'Đơn hàng của tôi đâu?' }));
    expect(res.status).toBe(200);
    expect((await res.json()).journalId).toBeGreaterThan(0);
    await drain();
    const conv = await t.app.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('thread_key', 'like', '%u-100')
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'dm', visibility: 'private', status: 'open', unread: 1 });
    expect(conv.waiting_since).not.toBeNull();
  });

  it('the same delivery twice makes one message', async () => {
    const before = await count('messages');
    const ev = buildInbound({ from: { id: 'u-dup' } });
    expect((await deliver(t, w, ev)).status).toBe(200);
    expect((await deliver(t, w, ev)).status).toBe(200);
    // and once more inside a batch with another event
    expect((await deliver(t, w, { events: [ev, buildInbound({ from: { id: 'u-dup' } })] })).status).toBe(200);
    await drain();
    expect(await count('messages')).toBe(before + 2);
  });

  it('refuses a wrong signature with 401 and journals nothing', async () => {
    const before = await count('journal');
    const body = JSON.stringify(buildInbound());
    const res = await t.http.request(`/webhooks/${w.channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signBody('wrong-secret', body, Date.now()) },
      body,
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_signature');
    const stale = await t.http.request(`/webhooks/${w.channelId}`, {
      method: 'POST',
      headers: signBody(w.signingSecret, body, Date.now() - 10 * 60_000),
      body,
    });
    expect(stale.status).toBe(401);
    expect(await count('journal')).toBe(before);
  });

  it('answers invalid JSON with 400, keeps it as failed for admins, and writes no message', async () => {
    const msgs = await count('messages');
    const res = await deliver(t, w, '{"type": "message", ');
    expect(res.status).toBe(400);
    await drain();
    expect(await count('messages')).toBe(msgs);
    const failed = await t.app.store.db.selectFrom('journal').selectAll().where('workspace_id', '=', w.workspaceId).where('status', '=', 'failed').execute();
    expect(failed.some((f) => f.error?.includes('not valid JSON'))).toBe(true);
  });

  it('answers an oversized body with 413 and journals nothing', async () => {
    const before = await count('journal');
    const res = await deliver(t, w, buildInbound({ text: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect(await count('journal')).toBe(before);
  });

  it('keeps an unparseable payload with its reason and does not block the next one', async () => {
    await deliver(t, w, { type: 'message', id: 'no-from', text: 'missing sender' });
    await deliver(t, w, buildInbound({ id: 'after-bad', from: { id: 'u-after' } }));
    await drain();
    const bad = await t.app.store.db
      .selectFrom('journal')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('status', '=', 'failed')
      .where('body', 'like', '%no-from%')
      .executeTakeFirstOrThrow();
    expect(bad.error).toMatch(/from/);
    const good = await t.app.store.db.selectFrom('messages').select('id').where('external_id', '=', 'after-bad').executeTakeFirst();
    expect(good).toBeDefined();
  });

  it('applies an edit and a delete that arrive before their message', async () => {
    await deliver(t, w, {
      events: [
        { type: 'edit', id: 'late-1', text: 'edited text', timestamp: Date.now() + 1000 },
        { type: 'delete', id: 'late-2' },
      ],
    });
    await drain();
    expect(await count('pending_updates')).toBe(2);
    await deliver(t, w, {
      events: [buildInbound({ id: 'late-1', text: 'original', timestamp: Date.now() - 1000 }), buildInbound({ id: 'late-2', text: 'to delete' })],
    });
    await drain();
    const m1 = await t.app.store.db.selectFrom('messages').selectAll().where('external_id', '=', 'late-1').executeTakeFirstOrThrow();
    const m2 = await t.app.store.db.selectFrom('messages').selectAll().where('external_id', '=', 'late-2').executeTakeFirstOrThrow();
    expect(m1.body).toBe('edited text');
    expect(m2.deleted_at).not.toBeNull();
    expect(await count('pending_updates')).toBe(0);
  });

  it('threads comments per public item and commenter, and DMs per customer', async () => {
    const convs = await count('conversations');
    await deliver(t, w, {
      events: [
        buildInbound({ from: { id: 'fan-1' }, conversation: { kind: 'comment', item_id: 'post-9' } }),
        buildInbound({ from: { id: 'fan-1' }, conversation: { kind: 'comment', item_id: 'post-9' } }),
        buildInbound({ from: { id: 'fan-2' }, conversation: { kind: 'comment', item_id: 'post-9' } }),
        buildInbound({ from: { id: 'fan-1' }, conversation: { kind: 'comment', item_id: 'post-10' } }),
        buildInbound({ from: { id: 'fan-1' } }),
      ],
    });
    await drain();
    expect(await count('conversations')).toBe(convs + 4);
    const c = await t.app.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('public_item_id', '=', 'post-9')
      .where('workspace_id', '=', w.workspaceId)
      .execute();
    expect(c.every((x) => x.visibility === 'public' && x.kind === 'comment')).toBe(true);
  });

  it('threads email by In-Reply-To / References, not by subject', async () => {
    await deliver(t, w, buildInbound({ id: '<a1@mail>', from: { id: 'mia@example.com' }, conversation: { kind: 'email', subject: 'Refund' } }));
    await deliver(
      t,
      w,
      buildInbound({ id: '<a2@mail>', from: { id: 'mia@example.com' }, conversation: { kind: 'email', subject: 'Re: Refund', references: ['<a1@mail>'] } }),
    );
    await deliver(t, w, buildInbound({ id: '<a3@mail>', from: { id: 'mia@example.com' }, conversation: { kind: 'email', subject: 'Refund' } }));
    await drain();
    const rows = await t.app.store.db
      .selectFrom('messages')
      .select(['external_id', 'conversation_id'])
      .where('external_id', 'in', ['<a1@mail>', '<a2@mail>', '<a3@mail>'])
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.external_id, r.conversation_id]));
    expect(by['<a1@mail>']).toBe(by['<a2@mail>']);
    expect(by['<a3@mail>']).not.toBe(by['<a1@mail>']);
  });

  it('rejects deliveries for an unknown channel with 404', async () => {
    const res = await t.http.request('/webhooks/nope', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
