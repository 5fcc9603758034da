import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendTestEvent } from '../test/raw-event.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { SseConnection, startServer } from '../test/sse-client.js';
import { STREAM_TIMING } from './stream-events.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let server: { url: string; close(): Promise<void> };
let active = 0;
const open: SseConnection[] = [];
const defaults = { ...STREAM_TIMING };

beforeAll(async () => {
  t = await buildTestApp();
  a = await buildWorkspace(t, { name: 'A' });
  b = await buildWorkspace(t, { name: 'B' });
  // Count live subscriptions so the tests can see a disconnect clean up after itself.
  const subscribe = t.app.bus.subscribe.bind(t.app.bus);
  t.app.bus.subscribe = (ws, fn) => {
    active++;
    const off = subscribe(ws, fn);
    return () => {
      active--;
      off();
    };
  };
  server = await startServer(t);
});
afterEach(() => {
  Object.assign(STREAM_TIMING, defaults);
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function connect(token: string, opts: { query?: string; lastEventId?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.lastEventId !== undefined) headers['last-event-id'] = opts.lastEventId;
  const conn = await SseConnection.open(`${server.url}/api/v1/stream${opts.query ?? ''}`, headers);
  open.push(conn);
  return conn;
}

/** Connects and waits for the ready frame, so events written afterwards are "after now". */
async function connectReady(token: string, opts: { query?: string; lastEventId?: string } = {}) {
  const conn = await connect(token, opts);
  expect(conn.response.status).toBe(200);
  const ready = await conn.next();
  expect(ready.event).toBe('ready');
  return { conn, cursor: Number(ready.id) };
}

async function write(ws: TestWorkspace, type: `test.${string}`, data: Record<string, unknown> = {}) {
  await appendTestEvent(t.app.store.db, { workspaceId: ws.workspaceId, type, data, at: t.app.now() });
  t.app.bus.poke(ws.workspaceId);
}

async function lastEventId(ws: TestWorkspace): Promise<number> {
  const r = await t.app.store.db.selectFrom('events').select('id').where('workspace_id', '=', ws.workspaceId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return Number(r.id);
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe(`GET /api/v1/stream (${testDialect})`, () => {
  it('on node’s server, the stream answers with SSE headers and the request id, and in-process requests get the same frames', async () => {
    const conn = await SseConnection.open(`${server.url}/api/v1/stream`, { authorization: `Bearer ${a.token}`, 'x-request-id': 'sse-req-1' });
    open.push(conn);
    const h = conn.response.headers;
    expect(h.get('content-type')).toBe('text/event-stream');
    expect(h.get('cache-control')).toBe('no-cache');
    expect(h.get('x-accel-buffering')).toBe('no');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-request-id')).toBe('sse-req-1');
    const ready = await conn.next();
    expect(ready.event).toBe('ready');
    await write(a, 'test.node_path', { n: 1 });
    const frame = await conn.next();
    expect(frame).toMatchObject({ event: 'test.node_path', id: String(await lastEventId(a)) });

    // Through app.request (no node response), Hono's SSE helper writes the same frames.
    const ctl = new AbortController();
    const res = await t.http.request(`/api/v1/stream?cursor=${Number(ready.id)}`, { headers: { authorization: `Bearer ${a.token}` }, signal: ctl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: test.node_path')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`data: ${frame.data}`);
    ctl.abort();
    await reader.cancel().catch(() => {});
  });

  it('refuses a caller without a session or token with 401, and a bad token too', async () => {
    const res = await fetch(`${server.url}/api/v1/stream`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
    const bad = await fetch(`${server.url}/api/v1/stream`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });

  it('answers a malformed cursor or Last-Event-ID with a field-level 400', async () => {
    const q = await t.req('GET', '/api/v1/stream?cursor=-5', { token: a.token });
    expect(q.status).toBe(400);
    expect((await q.json()).error.fields[0].field).toBe('query.cursor');
    const h = await t.req('GET', '/api/v1/stream', { token: a.token, headers: { 'last-event-id': 'abc' } });
    expect(h.status).toBe(400);
    expect((await h.json()).error.fields).toEqual([{ field: 'header.Last-Event-ID', reason: expect.any(String) }]);
  });

  it('starts from now and delivers intake events in order with their documented shape', async () => {
    await write(a, 'test.before');
    const { conn, cursor } = await connectReady(a.token);
    expect(conn.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(cursor).toBeGreaterThanOrEqual(await lastEventId(a));
    expect(await deliver(t, a, buildInbound({ from: { id: 'rt-1', name: 'Rita' }, text: 'hello' }))).toHaveProperty('status', 200);
    await processJournalBatch(t.app);
    const [created, received] = await conn.events(2);
    expect(created.type).toBe('conversation.created');
    expect(received.type).toBe('message.received');
    expect(received.id).toBeGreaterThan(created.id);
    expect(created.id).toBeGreaterThan(cursor);
    expect(received.body).toEqual({
      id: received.id,
      type: 'message.received',
      conversationId: created.body.conversationId,
      actorUserId: null,
      data: expect.objectContaining({ messageId: expect.any(String), kind: 'dm' }),
      createdAt: expect.any(Number),
    });
    expect(received.frame.id).toBe(String(received.id));
  });

  it('resumes after Last-Event-ID with nothing missed and nothing repeated, and cleans up on disconnect', async () => {
    const { conn } = await connectReady(a.token);
    await write(a, 'test.one');
    await write(a, 'test.two');
    const first = await conn.events(2);
    expect(first.map((e) => e.type)).toEqual(['test.one', 'test.two']);
    expect(active).toBeGreaterThan(0);
    conn.close();
    expect(await until(() => active === 0)).toBe(true);

    for (const type of ['test.three', 'test.four', 'test.five'] as const) await write(a, type);
    // EventSource keeps its original URL (here ?cursor=0) and adds Last-Event-ID: the header wins.
    const { conn: again, cursor } = await connectReady(a.token, { query: '?cursor=0', lastEventId: first[1].frame.id });
    expect(cursor).toBe(first[1].id);
    const rest = await again.events(3);
    expect(rest.map((e) => e.type)).toEqual(['test.three', 'test.four', 'test.five']);
    expect(rest[0].id).toBeGreaterThan(first[1].id);
    expect(await again.quietFor(300)).toBe(true);
  });

  it('replays the whole log with ?cursor=0, in pages, in id order', async () => {
    STREAM_TIMING.pageSize = 3;
    const c = await buildWorkspace(t, { name: 'C' });
    for (let i = 0; i < 8; i++) await write(c, `test.n${i}`);
    const { conn, cursor } = await connectReady(c.token, { query: '?cursor=0' });
    expect(cursor).toBe(0);
    const all = await conn.events(9); // channel.created from buildWorkspace, then the eight
    expect(all[0].type).toBe('channel.created');
    expect(all.slice(1).map((e) => e.type)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `test.n${i}`));
    expect(all.every((e, i) => i === 0 || e.id > all[i - 1].id)).toBe(true);
  });

  it("never sends another workspace's events, even when ids interleave", async () => {
    const { conn: streamB } = await connectReady(b.token, { query: '?cursor=0' });
    const { conn: streamA } = await connectReady(a.token);
    for (let i = 0; i < 3; i++) {
      await write(a, 'test.secret', { n: i });
      await write(b, 'test.mine', { n: i });
    }
    const seenB = await streamB.events(4); // channel.created + three of B's own
    expect(seenB.map((e) => e.type)).toEqual(['channel.created', 'test.mine', 'test.mine', 'test.mine']);
    expect(await streamB.quietFor(300)).toBe(true);
    const seenA = await streamA.events(3);
    expect(seenA.every((e) => e.type === 'test.secret')).toBe(true);
    // A member of B resuming from one of A's ids still sees only B.
    const member = await buildMember(t, b.workspaceId, 'viewer');
    const { conn: viewer } = await connectReady(member.token, { lastEventId: String(seenA[1].id) });
    const got = await viewer.events(2);
    expect(got.map((e) => e.body.data.n)).toEqual([1, 2]);
    expect(got.every((e) => e.type === 'test.mine')).toBe(true);
  });

  it('picks up events written without a wake-up through the fallback poll', async () => {
    STREAM_TIMING.pollMs = 150;
    const { conn } = await connectReady(a.token);
    await appendTestEvent(t.app.store.db, { workspaceId: a.workspaceId, type: 'test.silent', at: t.app.now() }); // no poke
    const [ev] = await conn.events(1, 3000);
    expect(ev.type).toBe('test.silent');
  });

  it('ends a live stream once its token is revoked or the member removed, saying why', async () => {
    STREAM_TIMING.authCheckMs = 100;
    STREAM_TIMING.pollMs = 50;
    const m = await buildMember(t, a.workspaceId, 'agent', 'Removed Later');
    const { conn } = await connectReady(m.token);
    const keeper = await connectReady(a.token);
    await t.app.store.db.updateTable('api_tokens').set({ revoked_at: t.app.now() }).where('user_id', '=', m.userId).execute();
    const err = await conn.next(3000);
    expect(err.event).toBe('error');
    expect(JSON.parse(err.data!)).toMatchObject({ code: 'unauthenticated' });
    expect(await until(() => conn.ended)).toBe(true);
    // The owner's stream is untouched and still delivers.
    await write(a, 'test.after_revoke');
    expect((await keeper.conn.next(3000)).event).toBe('test.after_revoke');
  });

  it("shares one reader of the log among a workspace's streams, and stops it when the last one goes", async () => {
    const d = await buildWorkspace(t, { name: 'D' });
    const before = active;
    const conns = await Promise.all(Array.from({ length: 5 }, () => connectReady(d.token)));
    // One bus subscription for the five streams: the workspace's feed (workspace-feed.ts).
    expect(active - before).toBe(1);
    for (let i = 0; i < 12; i++) await write(d, 'test.shared', { n: i });
    for (const { conn } of conns) {
      const got = await conn.events(12);
      expect(got.map((e) => e.body.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(got.every((e, i) => i === 0 || e.id > got[i - 1].id)).toBe(true);
    }
    for (const { conn } of conns) conn.close();
    expect(await until(() => active === before)).toBe(true);
  });

  it('a stream further behind than the feed keeps catches up from the log: nothing missed, nothing twice', async () => {
    STREAM_TIMING.feedFrames = 3;
    STREAM_TIMING.pageSize = 4;
    const e = await buildWorkspace(t, { name: 'E' });
    const { conn: live } = await connectReady(e.token);
    for (let i = 0; i < 11; i++) await write(e, 'test.far', { n: i });
    expect((await live.events(11)).map((x) => x.body.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The feed now keeps the last 3 frames: a resume from the start reads the rest from the log.
    const { conn: late } = await connectReady(e.token, { query: '?cursor=0' });
    const got = await late.events(12); // channel.created, then the eleven
    expect(got[0].type).toBe('channel.created');
    expect(got.slice(1).map((x) => x.body.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await write(e, 'test.far', { n: 11 });
    expect((await late.events(1))[0].body.data.n).toBe(11);
    expect(await late.quietFor(300)).toBe(true);
  });

  it('sends a heartbeat comment while idle', async () => {
    STREAM_TIMING.heartbeatMs = 150;
    const { conn } = await connectReady(a.token);
    const beat = await conn.next(3000, (f) => f.comment !== undefined);
    expect(beat.comment).toBe('keep-alive');
  });
});
