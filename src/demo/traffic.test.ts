import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { DEMO_LANGUAGES, DEMO_SCRIPTS, type DemoLanguage } from './scripts.js';
import { turnText } from './demo-events.js';
import { DEMO_BURST, startDemoTraffic } from './traffic.js';

let t: TestApp;
let w: TestWorkspace;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t, { name: 'Demo Shop' });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      baseUrl = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};

// Text → language, counting corrected (edited) texts too.
const languageOf = new Map<string, DemoLanguage>();
for (const s of DEMO_SCRIPTS) {
  for (const turn of s.turns) {
    const { text, edit } = turnText(turn);
    languageOf.set(text, s.language);
    if (edit) languageOf.set(edit, s.language);
  }
}

describe(`demo traffic (${testDialect})`, () => {
  it('plays signed scripted conversations through the webhook into the inbox, and stops cleanly', async () => {
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic', settings: { network: 'demo' } });
    const stop = startDemoTraffic(t.app, { channelId: ch.id, baseUrl, intervalMs: 50 });
    // At least 1.5 s of traffic, and on until it has shown enough variety to check (a loaded
    // machine plays fewer turns in the same time): the burst, four kinds, every language.
    const started = Date.now();
    const varied = async () => {
      await drain();
      const rows = await t.app.store.db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .select(['conversations.id', 'conversations.kind', 'messages.body'])
        .where('messages.channel_id', '=', ch.id)
        .execute();
      return (
        new Set(rows.map((r) => r.id)).size >= DEMO_BURST &&
        new Set(rows.map((r) => r.kind)).size >= 4 &&
        new Set(rows.map((r) => languageOf.get(r.body)).filter(Boolean)).size >= DEMO_LANGUAGES.length
      );
    };
    await waitFor(async () => Date.now() - started >= 1500 && (await varied()), 30_000);
    await stop();
    await drain();
    const db = t.app.store.db;

    const journal = await db
      .selectFrom('journal')
      .select(['status', 'error'])
      .where('workspace_id', '=', w.workspaceId)
      .where('channel_id', '=', ch.id)
      .execute();
    expect(journal.length).toBeGreaterThan(DEMO_BURST);
    expect(journal.filter((j) => j.status !== 'processed')).toEqual([]);

    const convs = await db
      .selectFrom('conversations')
      .select(['kind', 'visibility'])
      .where('workspace_id', '=', w.workspaceId)
      .where('channel_id', '=', ch.id)
      .execute();
    expect(convs.length).toBeGreaterThanOrEqual(DEMO_BURST);
    const kinds = new Set(convs.map((c) => c.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(4);
    expect(convs.filter((c) => c.kind === 'comment').every((c) => c.visibility === 'public')).toBe(true);

    const msgs = await db
      .selectFrom('messages')
      .select(['body', 'direction', 'external_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('channel_id', '=', ch.id)
      .execute();
    expect(msgs.every((m) => m.direction === 'in')).toBe(true);
    expect(new Set(msgs.map((m) => languageOf.get(m.body)))).toEqual(new Set(DEMO_LANGUAGES));

    // Every edit or delete found its message: none is left parked.
    const parked = await db.selectFrom('pending_updates').select('id').where('workspace_id', '=', w.workspaceId).execute();
    expect(parked).toEqual([]);

    // Stopped means stopped: nothing arrives afterwards.
    const before = journal.length;
    await new Promise((r) => setTimeout(r, 200));
    const after = await db.selectFrom('journal').select('id').where('channel_id', '=', ch.id).execute();
    expect(after.length).toBe(before);
  });

  it('a second run on the same channel adds new conversations instead of being dropped as duplicates', async () => {
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic 2', settings: { network: 'demo' } });
    const countMsgs = async () =>
      (await t.app.store.db.selectFrom('messages').select('id').where('workspace_id', '=', w.workspaceId).where('channel_id', '=', ch.id).execute()).length;
    // Long interval: only the first burst is played.
    let stop = startDemoTraffic(t.app, { channelId: ch.id, baseUrl, intervalMs: 60_000 });
    await waitFor(async () => (await journalCount(ch.id)) >= DEMO_BURST);
    await stop();
    await drain();
    const first = await countMsgs();
    expect(first).toBe(DEMO_BURST);
    stop = startDemoTraffic(t.app, { channelId: ch.id, baseUrl, intervalMs: 60_000 });
    await waitFor(async () => (await journalCount(ch.id)) >= 2 * DEMO_BURST);
    await stop();
    await drain();
    expect(await countMsgs()).toBe(2 * DEMO_BURST);
  });

  it('keeps running when the channel is gone, logging instead of throwing', async () => {
    const stop = startDemoTraffic(t.app, { channelId: 'no-such-channel', baseUrl, intervalMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    await expect(stop()).resolves.toBeUndefined();
    const rows = await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', 'no-such-channel').execute();
    expect(rows).toEqual([]);
  });
});

async function journalCount(channelId: string) {
  return (await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', channelId).execute()).length;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
