import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDialect, type TestDb } from '../test/store.js';
import { migrate } from './db.js';
import { newId } from '../lib/ids.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe(`store (${testDialect})`, () => {
  it('applies migrations once and is idempotent on restart', async () => {
    await migrate(t.store); // a second start must not fail nor re-apply
    const rows = await t.store.db.selectFrom('workspaces').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('round-trips bigint timestamps as numbers', async () => {
    const now = Date.now();
    const id = newId();
    await t.store.db.insertInto('workspaces').values({ id, name: 'Acme', created_at: now }).execute();
    const row = await t.store.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.created_at).toBe(now);
    expect(typeof row.created_at).toBe('number');
  });

  it('enforces one message per channel and external id', async () => {
    const db = t.store.db;
    const ws = newId();
    const now = Date.now();
    await db.insertInto('workspaces').values({ id: ws, name: 'W', created_at: now }).execute();
    await db
      .insertInto('channels')
      .values({ id: 'ch' + ws, workspace_id: ws, type: 'api', name: 'c', secrets_enc: null, settings: '{}', status: 'active', created_at: now })
      .execute();
    await db
      .insertInto('contacts')
      .values({ id: 'ct' + ws, workspace_id: ws, name: 'x', attributes: '{}', merged_into_id: null, created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('conversations')
      .values({
        id: 'cv' + ws,
        workspace_id: ws,
        channel_id: 'ch' + ws,
        contact_id: 'ct' + ws,
        kind: 'dm',
        visibility: 'private',
        status: 'open',
        priority: 0,
        assignee_id: null,
        team_id: null,
        subject: null,
        thread_key: 'k',
        public_item_id: null,
        linked_conversation_id: null,
        snoozed_until: null,
        last_message_at: now,
        waiting_since: now,
        last_inbound_at: now,
        language: null,
        sentiment: null,
        unread: 1,
        created_at: now,
        updated_at: now,
        resolved_at: null,
      })
      .execute();
    const msg = (id: string, ext: string | null) => ({
      id,
      workspace_id: ws,
      conversation_id: 'cv' + ws,
      channel_id: 'ch' + ws,
      direction: 'in' as const,
      author_kind: 'customer' as const,
      author_user_id: null,
      visibility: 'private' as const,
      body: 'hi',
      attachments: '[]',
      external_id: ext,
      reply_to_external_id: null,
      network_ts: now,
      received_at: now,
      delivery_status: 'received' as const,
      delivery_error: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
    });
    await db.insertInto('messages').values(msg(newId(), 'ext-1')).execute();
    await expect(db.insertInto('messages').values(msg(newId(), 'ext-1')).execute()).rejects.toThrow();
    // Notes and queued replies have no network id yet: many NULLs are allowed.
    await db.insertInto('messages').values(msg(newId(), null)).execute();
    await db.insertInto('messages').values(msg(newId(), null)).execute();
    const n = await db
      .selectFrom('messages')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });
});
