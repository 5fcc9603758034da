import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTestEvent } from '../test/raw-event.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const idsA: number[] = [];
beforeAll(async () => {
  t = await buildTestApp();
  a = await buildWorkspace(t, { name: 'A' });
  b = await buildWorkspace(t, { name: 'B' });
  // Interleave the two workspaces' writes so their ids alternate.
  for (let i = 0; i < 5; i++) {
    await appendTestEvent(t.app.store.db, {
      workspaceId: a.workspaceId,
      type: i % 2 ? 'test.odd' : 'test.even',
      conversationId: `conv-${i}`,
      data: { i },
      at: 1_700_000_000_000 + i,
    });
    await appendTestEvent(t.app.store.db, { workspaceId: b.workspaceId, type: 'test.other', data: { i }, at: 1_700_000_000_000 + i });
  }
  const rows = await t.app.store.db.selectFrom('events').select('id').where('workspace_id', '=', a.workspaceId).orderBy('id').execute();
  idsA.push(...rows.map((r) => Number(r.id)));
});
afterAll(() => t?.close());

const get = async (query: string, token = a.token) => {
  const res = await t.req('GET', `/api/v1/events${query}`, { token });
  return { status: res.status, body: await res.json() };
};

describe(`GET /api/v1/events (${testDialect})`, () => {
  it('refuses an unauthenticated caller with 401', async () => {
    const res = await t.req('GET', '/api/v1/events');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('pages through the log in id order with camelCase events and a cursor', async () => {
    const first = await get('?after=0&limit=4');
    expect(first.status).toBe(200);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.events.map((e: { id: number }) => e.id)).toEqual(idsA.slice(0, 4));
    expect(first.body.events[0]).toEqual({
      id: idsA[0],
      type: 'channel.created',
      conversationId: null,
      actorUserId: null,
      data: expect.objectContaining({ type: 'api' }),
      createdAt: expect.any(Number),
    });
    expect(first.body.events[1]).toEqual({
      id: idsA[1],
      type: 'test.even',
      conversationId: 'conv-0',
      actorUserId: null,
      data: { i: 0 },
      createdAt: 1_700_000_000_000,
    });
    expect(first.body.nextCursor).toBe(idsA[3]);
    const second = await get(`?after=${first.body.nextCursor}&limit=4`);
    expect(second.body.events.map((e: { id: number }) => e.id)).toEqual(idsA.slice(4));
    expect(second.body.hasMore).toBe(false);
    // Past the end the cursor moves to the horizon, and the next page is empty.
    expect(second.body.nextCursor).toBeGreaterThanOrEqual(idsA[5]);
    const third = await get(`?after=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ events: [], hasMore: false, nextCursor: second.body.nextCursor });
  });

  it('filters by one or more types', async () => {
    const odd = await get('?type=test.odd');
    expect(odd.body.events.map((e: { data: { i: number } }) => e.data.i)).toEqual([1, 3]);
    const both = await get('?type=test.odd,channel.created');
    expect(both.body.events.map((e: { type: string }) => e.type)).toEqual(['channel.created', 'test.odd', 'test.odd']);
  });

  it("never returns another workspace's events, whatever the cursor", async () => {
    const fromB = await get('?after=0&limit=500', b.token);
    expect(fromB.body.events).toHaveLength(6);
    expect(fromB.body.events.every((e: { type: string }) => e.type === 'test.other' || e.type === 'channel.created')).toBe(true);
    expect(fromB.body.events.some((e: { id: number }) => idsA.includes(e.id))).toBe(false);
    const filtered = await get('?type=test.even', b.token);
    expect(filtered.body.events).toEqual([]);
  });

  it('lets every role read, viewers included', async () => {
    const viewer = await buildMember(t, a.workspaceId, 'viewer');
    const r = await get('?limit=1', viewer.token);
    expect(r.status).toBe(200);
    expect(r.body.events[0].id).toBe(idsA[0]);
  });

  it('answers bad query values with field-level 400s', async () => {
    for (const [q, field] of [
      ['?after=-1', 'query.after'],
      ['?after=abc', 'query.after'],
      ['?after=', 'query.after'],
      ['?limit=0', 'query.limit'],
      ['?limit=501', 'query.limit'],
      ['?limit=x', 'query.limit'],
      ['?type=Not%20A%20Type', 'query.type.0'],
    ]) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(
        r.body.error.fields.map((f: { field: string }) => f.field),
        q,
      ).toContain(field);
    }
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = await (await t.req('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/stream']));
  });
});
