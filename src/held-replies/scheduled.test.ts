import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildInbound, buildMember, buildPeerApp, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { enqueueJob } from '../jobs/queue.js';
import { heldReplySendJob } from './send-job.js';
import { releaseHeldReply } from './release.js';

const H = 3_600_000;
let t: TestApp;
let peer: TestApp;
let clock = Date.parse('2026-03-04T10:00:00Z'); // Wednesday

beforeAll(async () => {
  t = await buildTestApp();
  peer = await buildPeerApp(t);
  for (const a of [t, peer]) {
    a.app.now = () => clock;
    a.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  }
});
afterAll(async () => {
  await peer.close();
  await t.close();
});

let n = 0;
async function conversation(w: TestWorkspace, kind = 'comment') {
  const from = `s-${++n}`;
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, timestamp: clock, conversation: { kind, item_id: `p-${n}` } }))).status).toBe(200);
  while (await processJournalBatch(t.app)) {}
  return (
    await t.app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('thread_key', 'like', `%${from}%`)
      .executeTakeFirstOrThrow()
  ).id;
}
const outbound = (convId: string) =>
  t.app.store.db.selectFrom('messages').select(['id', 'body', 'author_user_id']).where('conversation_id', '=', convId).where('direction', '=', 'out').execute();
const held = async (token: string, id: string) => {
  const r = await (await t.req('GET', `/api/v1/conversations/${id}/held-replies`, { token })).json();
  return r.heldReplies as Array<Record<string, unknown>>;
};
const schedule = (token: string, convId: string, body: Record<string, unknown>) => t.req('POST', `/api/v1/conversations/${convId}/replies`, { token, body });
const iso = (ms: number) => new Date(ms).toISOString();
async function settle() {
  while (await runDueJobs(t.app)) {}
}

describe(`scheduled send (${testDialect})`, () => {
  it('a scheduled reply waits, is shown with its time, and is sent exactly once when due', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const c = await conversation(w);
    const res = await schedule(w.token, c, { text: 'Good morning!', sendAt: iso(clock + 2 * H) });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ message: null, held: { status: 'scheduled', needsApproval: false, sendAt: iso(clock + 2 * H) } });
    await settle();
    expect(await outbound(c)).toHaveLength(0);
    expect(await held(w.token, c)).toMatchObject([{ id: body.held.id, status: 'scheduled' }]);
    clock += 2 * H;
    await settle();
    const out = await outbound(c);
    expect(out).toMatchObject([{ body: 'Good morning!', author_user_id: w.ownerId }]);
    expect(await held(w.token, c)).toEqual([]);
    clock += H;
    await settle();
    expect(await releaseHeldReply(t.app, body.held.id, { trigger: 'due', actorUserId: null })).toBe('noop');
    expect(await outbound(c)).toHaveLength(1);
  });

  it('bad times are refused with the field; presets resolve in business time', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const c = await conversation(w);
    for (const sendAt of [iso(clock - 1000), iso(clock + 400 * 24 * H), 'tomorrow', 42]) {
      const r = await schedule(w.token, c, { text: 'x', sendAt });
      expect(r.status).toBe(400);
      expect(JSON.stringify(await r.json())).toContain('sendAt');
    }
    expect((await schedule(w.token, c, { text: 'x', sendLater: 'someday' })).status).toBe(400);
    expect(await outbound(c)).toHaveLength(0);
    const office = { timeZone: 'Europe/Berlin', days: { mon: [{ start: '09:00', end: '17:00' }] } };
    expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office })).status).toBe(200);
    const r = await (await schedule(w.token, c, { text: 'Tomorrow', sendLater: 'tomorrow_morning' })).json();
    expect(r.held.sendAt).toBe('2026-03-05T08:00:00.000Z');
    expect(await (await t.req('GET', '/api/v1/send-later', { token: w.token })).json()).toEqual({
      timeZone: 'Europe/Berlin',
      tomorrowMorning: '2026-03-05T08:00:00.000Z',
      nextMonday: '2026-03-09T08:00:00.000Z',
    });
  });

  it('cancel before due sends nothing; edit moves the time; send now sends at once; only the author or an approver may', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const other = await buildMember(t, w.workspaceId, 'agent', 'Otto Other');
    const c = await conversation(w);
    const a = (await (await schedule(agent.token, c, { text: 'Later', sendAt: iso(clock + H) })).json()).held;
    expect((await t.req('POST', `/api/v1/held-replies/${a.id}/cancel`, { token: other.token })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/held-replies/${a.id}/cancel`, { token: agent.token })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/held-replies/${a.id}/cancel`, { token: agent.token })).status).toBe(409);
    clock += 2 * H;
    await settle();
    expect(await outbound(c)).toHaveLength(0);

    const b = (await (await schedule(agent.token, c, { text: 'Moved', sendAt: iso(clock + H) })).json()).held;
    const moved = await (
      await t.req('PATCH', `/api/v1/held-replies/${b.id}`, { token: agent.token, body: { sendAt: iso(clock + 5 * H), text: 'Moved later' } })
    ).json();
    expect(moved).toMatchObject({ status: 'scheduled', sendAt: iso(clock + 5 * H), text: 'Moved later' });
    clock += 2 * H; // the old time passes: its job finds the reply moved and does nothing
    await settle();
    expect(await outbound(c)).toHaveLength(0);
    expect((await t.req('POST', `/api/v1/held-replies/${b.id}/send-now`, { token: other.token })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/held-replies/${b.id}/send-now`, { token: w.token })).status).toBe(200); // the owner approves replies
    expect((await outbound(c)).map((m) => m.body)).toEqual(['Moved later']);
    clock += 5 * H;
    await settle();
    expect(await outbound(c)).toHaveLength(1);
  });

  it('fails visibly with the reason when the channel cannot send at its time', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const c = await conversation(w);
    const h = (await (await schedule(w.token, c, { text: 'Will fail', sendAt: iso(clock + H) })).json()).held;
    expect((await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { status: 'disabled' } })).status).toBe(200);
    clock += H;
    await settle();
    expect(await outbound(c)).toHaveLength(0);
    const [f] = await held(w.token, c);
    expect(f).toMatchObject({ id: h.id, status: 'failed' });
    expect(String(f!.error)).toContain('disabled');
    const ev = await t.app.store.db.selectFrom('events').select('data').where('workspace_id', '=', w.workspaceId).where('type', '=', 'reply.failed').execute();
    expect(ev).toHaveLength(1);
    // Fixed, then sent by hand.
    expect((await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { status: 'active' } })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/held-replies/${h.id}/send-now`, { token: w.token })).status).toBe(200);
    expect(await outbound(c)).toHaveLength(1);
  });

  it('an approval-required scheduled reply waits for approval; approved before its time, it is sent at its time', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    await t.req('PUT', '/api/v1/approvals/policy', { token: w.token, body: { rules: [{ name: 'Agents', roles: ['agent'] }] } });
    const c = await conversation(w);
    const h = (await (await schedule(agent.token, c, { text: 'Scheduled and proposed', sendAt: iso(clock + 2 * H) })).json()).held;
    expect(h).toMatchObject({ status: 'proposed', needsApproval: true });
    const approved = await (await t.req('POST', `/api/v1/held-replies/${h.id}/approve`, { token: w.token, body: {} })).json();
    expect(approved).toMatchObject({ status: 'scheduled', decidedBy: w.ownerId });
    await settle();
    expect(await outbound(c)).toHaveLength(0);
    clock += 2 * H;
    await settle();
    expect(await outbound(c)).toMatchObject([{ body: 'Scheduled and proposed', author_user_id: agent.userId }]);

    // Not approved by its time: nothing is sent; approving afterwards sends it at once.
    const late = (await (await schedule(agent.token, c, { text: 'Late approval', sendAt: iso(clock + H) })).json()).held;
    clock += 2 * H;
    await settle();
    expect(await outbound(c)).toHaveLength(1);
    expect((await t.req('POST', `/api/v1/held-replies/${late.id}/approve`, { token: w.token, body: {} })).status).toBe(200);
    expect((await outbound(c)).map((m) => m.body)).toEqual(['Scheduled and proposed', 'Late approval']);
  });

  it('two job workers on two connections never send one scheduled reply twice', async () => {
    clock = Date.parse('2026-03-04T10:00:00Z');
    const w = await buildWorkspace(t);
    const convs: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await conversation(w);
      convs.push(c);
      const h = (await (await schedule(w.token, c, { text: `Due ${i}`, sendAt: iso(clock + H) })).json()).held;
      ids.push(h.id);
      // Extra jobs for the same reply, as rescheduling leaves them: each must find nothing left to do.
      for (let k = 0; k < 2; k++)
        await enqueueJob(t.app.store.db, heldReplySendJob, { payload: { heldReplyId: h.id }, workspaceId: w.workspaceId, runAt: clock + H, now: clock });
    }
    clock += H;
    const worker = (a: TestApp, name: string) => () =>
      Promise.all([runDueJobs(a.app, { workerId: name, limit: 4 }), ...ids.map((id) => releaseHeldReply(a.app, id, { trigger: 'due', actorUserId: null }))]);
    const [w1, w2] = [worker(t, 'w1'), worker(peer, 'w2')];
    // PostgreSQL: both workers at once, on two pools. SQLite: each worker's calls at once on its
    // connection, the two connections one after the other — across processes the file lock
    // serialises them the same way, and in one process a second connection waiting for the lock
    // would block the event loop that the first needs to finish.
    if (testDialect === 'postgres') await Promise.all([w1(), w2()]);
    else {
      await w2();
      await w1();
    }
    while ((await runDueJobs(t.app, { workerId: 'w1' })) + (await runDueJobs(peer.app, { workerId: 'w2' }))) {}
    for (const c of convs) expect(await outbound(c)).toHaveLength(1);
    const released = await t.app.store.db
      .selectFrom('events')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'reply.released')
      .execute();
    expect(released).toHaveLength(6);
  });
});
