import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from '../lib/log.js';
import { buildInbound, buildPeerApp, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from './processor.js';

let t: TestApp;
let peer: TestApp;
let third: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  // The second worker: its own connections on PostgreSQL; on SQLite the same app (one writer anyway).
  peer = testDialect === 'postgres' ? await buildPeerApp(t) : t;
  third = testDialect === 'postgres' ? await buildPeerApp(t) : t;
  w = await buildWorkspace(t);
});
afterAll(async () => {
  if (peer !== t) await peer.close();
  if (third !== t) await third.close();
  await t.close();
});

describe(`several intake workers on crossing customers (${testDialect})`, () => {
  it('lock in one order: no deadlock, no duplicate contact, no batch redone — and everything stored once', async () => {
    // 200 deliveries of three messages each, from 6 new customers in scrambled orders: workers
    // taking neighbouring entries meet the same threads and contacts in different orders, and
    // create the same contacts at once.
    const customers = Array.from({ length: 6 }, (_, i) => `cross-${i}`);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let n = 0;
    for (let i = 0; i < 200; i++) {
      const events = Array.from({ length: 3 }, () => {
        const c = customers[Math.floor(next() * customers.length)]!;
        return buildInbound({ id: `cross-msg-${n++}`, from: { id: c, name: c }, text: `hello ${n}` });
      });
      expect((await deliver(t, w, { events })).status).toBe(200);
    }
    const warn = vi.spyOn(log, 'warn');
    try {
      const work = async (x: TestApp) => {
        while ((await processJournalBatch(x.app)) > 0);
      };
      await Promise.all([work(t), work(peer), work(third), work(t), work(peer), work(third)]);
      await work(t);
    } finally {
      warn.mockRestore();
    }
    const redone = warn.mock.calls.filter(([msg]) => String(msg).startsWith('journal batch failed'));
    expect(redone.map(([, meta]) => (meta as { err: string }).err)).toEqual([]);

    const db = t.app.store.db;
    const stored = await db
      .selectFrom('messages')
      .select('external_id')
      .where('workspace_id', '=', w.workspaceId)
      .where('external_id', 'like', 'cross-msg-%')
      .execute();
    expect(stored).toHaveLength(n);
    expect(new Set(stored.map((m) => m.external_id)).size).toBe(n);
    const identities = await db
      .selectFrom('identities')
      .select('external_id')
      .where('workspace_id', '=', w.workspaceId)
      .where('external_id', 'like', 'cross-%')
      .execute();
    expect(identities.map((i) => i.external_id).sort()).toEqual([...customers].sort());
    const conversations = await db
      .selectFrom('conversations')
      .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
      .select('identities.external_id')
      .where('conversations.workspace_id', '=', w.workspaceId)
      .where('identities.external_id', 'like', 'cross-%')
      .execute();
    // One conversation per customer (a DM thread per customer on the channel).
    expect(conversations).toHaveLength(customers.length);
    const pending = await db.selectFrom('journal').select('status').where('channel_id', '=', w.channelId).where('status', '!=', 'processed').execute();
    expect(pending).toEqual([]);
  }, 120_000);
});
