import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { mediaStoreFor } from '../media/storage.js';
import { uploadMedia } from '../media/upload-media.js';
import { projectAll } from '../metrics/rollup/project-stale.js';
import { metricsOf } from '../observability/registry.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect } from '../test/store.js';
import { runCli } from '../cli/index.js';
import { planRetention, retentionJob, settleRetentionJobs } from './retention-job.js';
import { runRetention, STALE_RUN_MS } from './run-retention.js';
import { removedNote } from './purge-media.js';

const M = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2024-05-06T09:00:00Z');
let clock = START;
let t: TestApp;

async function settle() {
  while (await processJournalBatch(t.app)) {}
  await runReactors(t.app, reactors);
  while (await runDueJobs(t.app)) {}
  await runReactors(t.app, reactors);
}
/** A customer writes, is answered and resolved (or left open); answers the conversation id. */
async function conversation(w: TestWorkspace, from: string, o: { resolve?: boolean } = {}) {
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, text: `Hello from ${from}`, timestamp: clock }))).status).toBe(200);
  await settle();
  const c = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
    .select('conversations.id')
    .where('identities.external_id', '=', from)
    .where('conversations.workspace_id', '=', w.workspaceId)
    .executeTakeFirstOrThrow();
  if (o.resolve !== false) {
    const r = await t.req('POST', `/api/v1/conversations/${c.id}/replies`, { token: w.token, body: { text: 'Done!', thenStatus: 'resolved' } });
    expect(r.status).toBe(201);
    await settle();
  }
  return c.id;
}
const rows = async (table: 'conversations' | 'messages' | 'journal' | 'events' | 'media_uploads', workspaceId: string) =>
  Number(
    (
      await t.app.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t?.close());

describe(`retention settings API (${testDialect})`, () => {
  it('keeps everything forever by default; admins set days within limits; bad input is a 400 naming the field', async () => {
    const w = await buildWorkspace(t);
    const r = await t.req('GET', '/api/v1/retention', { token: w.token });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ journalDays: null, eventsDays: null, mediaDays: null, conversationsDays: null, lastRun: null });
    const bad = async (body: unknown) => {
      const res = await t.req('PUT', '/api/v1/retention', { token: w.token, body });
      expect(res.status).toBe(400);
      return (await res.json()).error.fields.map((f: { field: string }) => f.field);
    };
    expect(await bad({ journalDays: 3 })).toEqual(['journalDays']);
    expect(await bad({ eventsDays: 'thirty', mediaDays: 10.5 })).toEqual(['eventsDays', 'mediaDays']);
    expect(await bad({ conversationsDays: 29 })).toEqual(['conversationsDays']);
    expect(await bad({ conversationsDays: 40_000 })).toEqual(['conversationsDays']);
    const unknown = await t.req('PUT', '/api/v1/retention', { token: w.token, body: { keepForever: true } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toContain('keepForever');
    const ok = await t.req('PUT', '/api/v1/retention', { token: w.token, body: { journalDays: 7, eventsDays: 90 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ journalDays: 7, eventsDays: 90, mediaDays: null, conversationsDays: null });
    // A kind left out stays; null goes back to forever.
    const back = await t.req('PUT', '/api/v1/retention', { token: w.token, body: { eventsDays: null, mediaDays: 365 } });
    expect(await back.json()).toMatchObject({ journalDays: 7, eventsDays: null, mediaDays: 365, conversationsDays: null });

    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/retention', { token: agent.token })).status).toBe(403);
    expect((await t.req('PUT', '/api/v1/retention', { token: agent.token, body: { journalDays: 30 } })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/retention/run', { token: agent.token })).status).toBe(403);
    expect((await t.req('GET', '/api/v1/retention')).status).toBe(401);
    // Another workspace sees its own settings only.
    const other = await buildWorkspace(t, { name: 'Other' });
    expect(await (await t.req('GET', '/api/v1/retention', { token: other.token })).json()).toMatchObject({ journalDays: null, mediaDays: null });
  });
});

describe(`retention runs (${testDialect})`, () => {
  it('deletes in batches, lets intake through between them, and a second run finds nothing', async () => {
    clock = START;
    const w = await buildWorkspace(t, { name: 'Batches' });
    for (let i = 0; i < 9; i++) {
      clock = START + i * M;
      await conversation(w, `b-${i}`);
    }
    const open = await conversation(w, 'b-open', { resolve: false });
    await projectAll(t.app, w.workspaceId);
    // A rule's log line and a notification about an old conversation go with it.
    const gone = await t.app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '!=', open)
      .executeTakeFirstOrThrow();
    await t.app.store.db
      .insertInto('notifications')
      .values({
        id: `n-${gone.id}`,
        workspace_id: w.workspaceId,
        user_id: w.ownerId,
        conversation_id: gone.id,
        rule_id: null,
        kind: 'rule',
        text: 'x',
        created_at: clock,
        read_at: null,
      })
      .execute();
    await t.app.store.db
      .insertInto('rule_firings')
      .values({
        id: `f-${gone.id}`,
        workspace_id: w.workspaceId,
        rule_id: 'r',
        rule_name: 'r',
        conversation_id: gone.id,
        event_key: `e:${gone.id}`,
        event_id: null,
        event_type: 'message.received',
        depth: 1,
        actions: '[]',
        outcome: 'applied',
        results: '[]',
        error: null,
        created_at: clock,
        finished_at: clock,
      })
      .execute();
    clock = START + 40 * DAY;
    expect((await t.req('PUT', '/api/v1/retention', { token: w.token, body: { conversationsDays: 30, eventsDays: 30, journalDays: 7 } })).status).toBe(200);
    await runReactors(t.app, reactors);
    const cutoff = clock - 30 * DAY;
    const young = await eventsSince(w.workspaceId, cutoff);

    // Count the transactions the run opens.
    const db = t.app.store.db as unknown as { transaction: () => unknown };
    const real = db.transaction.bind(db);
    let transactions = 0;
    db.transaction = () => {
      transactions++;
      return real();
    };
    let finished = false;
    const running = runRetention(t.app, { workspaceId: w.workspaceId, trigger: 'manual', actor: { userId: w.ownerId }, batchSize: 4, pauseMs: 5 }).then((r) => {
      finished = true;
      return r;
    });
    // A delivery arriving meanwhile is acknowledged before the run ends.
    const ack = await deliver(t, w, buildInbound({ from: { id: 'b-new' }, text: 'new one', timestamp: clock }));
    expect(ack.status).toBe(200);
    expect(finished).toBe(false);
    const run = await running;
    delete (db as { transaction?: unknown }).transaction;
    // Two messages each, at most four messages a batch: two conversations per transaction.
    expect(run.removed).toMatchObject({ conversations: 9, messages: 18, journal: 10 });
    expect(transactions).toBeGreaterThanOrEqual(5 + 3);
    expect(await rows('conversations', w.workspaceId)).toBe(1);
    expect(await t.app.store.db.selectFrom('notifications').select('id').where('conversation_id', '=', gone.id).execute()).toEqual([]);
    expect(await t.app.store.db.selectFrom('rule_firings').select('id').where('conversation_id', '=', gone.id).execute()).toEqual([]);
    expect(await t.app.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', w.workspaceId).executeTakeFirst()).toEqual({ id: open });
    // Only the delivery that just arrived is left in the journal (the open conversation's is older than 7 days).
    expect(await rows('journal', w.workspaceId)).toBe(1);
    // No event newer than the limit went; of the older ones, only the open conversation's status and assignment history is left.
    expect(await eventsSince(w.workspaceId, cutoff)).toBeGreaterThanOrEqual(young);
    const old = await t.app.store.db
      .selectFrom('events')
      .select(['type', 'conversation_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('created_at', '<', cutoff)
      .execute();
    expect(old.every((e) => e.conversation_id === open && e.type.startsWith('conversation.'))).toBe(true);
    expect(run.removed.events).toBeGreaterThan(0);

    await settle();
    const again = await runRetention(t.app, { workspaceId: w.workspaceId, trigger: 'manual', actor: { userId: w.ownerId }, pauseMs: 0 });
    expect(again.removed).toEqual({ journal: 0, events: 0, media: 0, conversations: 0, messages: 0, files: 0 });
  });

  it('takes stored files off old messages and deletes them unless another workspace still uses them; old uploads go', async () => {
    clock = START;
    const a = await buildWorkspace(t, { name: 'Media A' });
    const b = await buildWorkspace(t, { name: 'Media B' });
    const store = mediaStoreFor(t.app.config);
    const only = await store.put(new TextEncoder().encode('only in A'), 'image/png');
    const shared = await store.put(new TextEncoder().encode('A and B'), 'image/png');
    const attach = async (convId: string, keys: string[]) => {
      const m = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', convId).executeTakeFirstOrThrow();
      const atts = keys.map((k) => ({ type: 'image', url: 'https://scontent.xx.fbcdn.net/p.png', stored: k, size: 9, contentType: 'image/png' }));
      await t.app.store.db
        .updateTable('messages')
        .set({ attachments: JSON.stringify(atts) })
        .where('id', '=', m.id)
        .execute();
      return m.id;
    };
    const oldA = await attach(await conversation(a, 'ma-1', { resolve: false }), [only, shared]);
    await attach(await conversation(b, 'mb-1', { resolve: false }), [shared]);
    const upload = await uploadMedia(t.app, {
      workspaceId: a.workspaceId,
      userId: a.ownerId,
      bytes: new TextEncoder().encode('label'),
      contentType: 'application/pdf',
      name: 'label.pdf',
    });
    clock = START + 20 * DAY;
    const fresh = await uploadMedia(t.app, {
      workspaceId: a.workspaceId,
      userId: a.ownerId,
      bytes: new TextEncoder().encode('fresh'),
      contentType: 'image/png',
      name: 'new.png',
    });
    const recentA = await attach(await conversation(a, 'ma-2', { resolve: false }), [await store.put(new TextEncoder().encode('recent'), 'image/png')]);

    clock = START + 45 * DAY;
    expect((await t.req('PUT', '/api/v1/retention', { token: a.token, body: { mediaDays: 30 } })).status).toBe(200);
    const r = await t.req('POST', '/api/v1/retention/run', { token: a.token });
    expect(r.status).toBe(200);
    const { run } = await r.json();
    // Two stored copies off the old message, one upload; two files gone (the shared one stays for B).
    expect(run.removed).toMatchObject({ media: 3, files: 2, conversations: 0, messages: 0 });
    const msg = await t.app.store.db.selectFrom('messages').select('attachments').where('id', '=', oldA).executeTakeFirstOrThrow();
    expect(JSON.parse(msg.attachments)).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/p.png', error: removedNote(30) },
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/p.png', error: removedNote(30) },
    ]);
    expect(await store.get(only)).toBeNull();
    expect(await store.get(upload.url.split('/').pop()!)).toBeNull();
    expect(await store.get(shared)).not.toBeNull();
    expect((await t.req('GET', `/api/v1/media/${shared}`, { token: b.token })).status).toBe(200);
    expect((await t.req('GET', `/api/v1/media/${shared}`, { token: a.token })).status).toBe(404);
    // Newer than the limit: untouched.
    expect((await t.app.store.db.selectFrom('messages').select('attachments').where('id', '=', recentA).executeTakeFirstOrThrow()).attachments).toContain(
      '"stored"',
    );
    expect((await t.app.store.db.selectFrom('media_uploads').select('id').where('workspace_id', '=', a.workspaceId).execute()).map((u) => u.id)).toEqual([
      fresh.id,
    ]);
    expect(await store.get(fresh.url.split('/').pop()!)).not.toBeNull();
  });

  it('one run per workspace at a time; an interrupted run is carried on, its counts kept', async () => {
    clock = START;
    const w = await buildWorkspace(t, { name: 'Resume' });
    await conversation(w, 'r-1');
    await projectAll(t.app, w.workspaceId);
    clock = START + 31 * DAY;
    expect((await t.req('PUT', '/api/v1/retention', { token: w.token, body: { conversationsDays: 30 } })).status).toBe(200);
    await runReactors(t.app, reactors);
    // A run that died after deleting 5 raw deliveries (say), its heartbeat still fresh.
    await t.app.store.db
      .insertInto('retention_runs')
      .values({
        id: 'run-interrupted',
        workspace_id: w.workspaceId,
        trigger: 'schedule',
        actor_user_id: null,
        started_at: clock - M,
        heartbeat_at: clock - M,
        journal: 5,
      })
      .execute();
    const busy = await t.req('POST', '/api/v1/retention/run', { token: w.token });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error.message).toMatch(/in progress/);
    clock += STALE_RUN_MS;
    const r = await t.req('POST', '/api/v1/retention/run', { token: w.token });
    expect(r.status).toBe(200);
    const { run } = await r.json();
    expect(run).toMatchObject({ id: 'run-interrupted', removed: { journal: 5, conversations: 1, messages: 2 } });
    expect(run.finishedAt).not.toBeNull();
    const shown = await (await t.req('GET', '/api/v1/retention', { token: w.token })).json();
    expect(shown.lastRun.id).toBe('run-interrupted');
    expect(shown.totals).toMatchObject({ journal: 5, conversations: 1, messages: 2 });
  });

  it('the scheduled job runs every workspace with limits, records it, and plans the next one', async () => {
    clock = START;
    const w = await buildWorkspace(t, { name: 'Scheduled' });
    await conversation(w, 's-1');
    await projectAll(t.app, w.workspaceId);
    clock = START + 100 * DAY;
    expect((await t.req('PUT', '/api/v1/retention', { token: w.token, body: { conversationsDays: 30 } })).status).toBe(200);
    await runReactors(t.app, reactors);
    await t.app.store.db.deleteFrom('jobs').where('name', '=', retentionJob.name).execute();
    expect(await planRetention(t.app)).toBe(clock);
    expect(await planRetention(t.app)).toBeNull(); // one at a time
    await runDueJobs(t.app);
    await settleRetentionJobs();
    expect(await rows('conversations', w.workspaceId)).toBe(0);
    const audit = await (await t.req('GET', '/api/v1/audit?action=retention.run', { token: w.token })).json();
    expect(audit.items[0]).toMatchObject({ actor: 'Hearken', data: { trigger: 'schedule', conversations: 1 } });
    const jobs = await t.app.store.db.selectFrom('jobs').select(['status', 'run_at']).where('name', '=', retentionJob.name).orderBy('id').execute();
    expect(jobs.map((j) => [j.status, Number(j.run_at)])).toEqual([
      ['done', clock],
      ['pending', clock + 24 * 3_600_000],
    ]);
    // Prometheus: the totals every workspace's runs removed.
    const text = await metricsOf(t.app).registry.metrics();
    expect(Number(/hearken_retention_removed\{kind="conversations"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`hearken_retention_last_run_timestamp_seconds ${clock / 1000}`);
  });

  it('from the command line: show, set (validated) and run', async () => {
    clock = START;
    const w = await buildWorkspace(t, { name: 'Cli' });
    await conversation(w, 'cli-1');
    await projectAll(t.app, w.workspaceId);
    Object.assign(process.env, childEnv(t));
    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runCli(argv, (l) => lines.push(l));
      return { code, out: lines.join('\n') };
    };
    expect(await run('retention', 'show', '--workspace', w.workspaceId)).toMatchObject({ code: 0, out: expect.stringContaining('journal\tforever') });
    expect(await run('retention', 'set', '--workspace', w.workspaceId, '--journal', '3')).toMatchObject({
      code: 2,
      out: expect.stringContaining('journalDays'),
    });
    expect(await run('retention', 'set', '--workspace', w.workspaceId, '--media', 'soon')).toMatchObject({ code: 2 });
    expect(await run('retention', 'set', '--workspace', 'nope', '--journal', '30')).toMatchObject({ code: 1, out: 'no workspace nope' });
    const set = await run('retention', 'set', '--workspace', w.workspaceId, '--conversations', '30', '--journal', 'forever');
    expect(set.out).toContain('conversations\t30 days');
    // The CLI's clock is the real one: the conversation, written in 2024, is long past 30 days.
    const done = await run('retention', 'run', '--workspace', w.workspaceId);
    expect(done).toMatchObject({ code: 0, out: expect.stringContaining('removed 1 conversations (2 messages)') });
    expect(await rows('conversations', w.workspaceId)).toBe(0);
  });
});

/** The workspace's events written at or after `at`. */
async function eventsSince(workspaceId: string, at: number) {
  return Number(
    (
      await t.app.store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '>=', at)
        .executeTakeFirstOrThrow()
    ).n,
  );
}
