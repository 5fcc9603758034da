import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTestEvent } from '../test/raw-event.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { SseConnection, startServer } from '../test/sse-client.js';

/**
 * Events that commit out of id order. On PostgreSQL a transaction can hold id N uncommitted
 * while N+1 commits; the stream and the poll API must neither skip N nor deliver N+1 first.
 * On SQLite a held write blocks every other writer, so there the test checks the simpler half:
 * an uncommitted event is not delivered, and arrives once committed.
 */
let t: TestApp;
let w: TestWorkspace;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  server = await startServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** Inserts an event on a second connection and keeps its transaction open. */
async function holdOpenEvent(type: string): Promise<{ id: number; commit(): Promise<void> }> {
  const cfg = t.db.config;
  if (cfg.kind === 'sqlite') {
    const conn = new Database(cfg.file);
    conn.exec('BEGIN IMMEDIATE');
    const r = conn.prepare('INSERT INTO events (workspace_id, type, data, created_at) VALUES (?, ?, ?, ?)').run(w.workspaceId, type, '{}', Date.now());
    return {
      id: Number(r.lastInsertRowid),
      commit: async () => {
        conn.exec('COMMIT');
        conn.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: cfg.url, options: `-c search_path=${cfg.schema}` });
  await client.connect();
  await client.query('BEGIN');
  const r = await client.query('INSERT INTO events (workspace_id, type, data, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [
    w.workspaceId,
    type,
    '{}',
    Date.now(),
  ]);
  return {
    id: Number(r.rows[0].id),
    commit: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

describe(`events committed out of id order (${testDialect})`, () => {
  it('holds later ids back until the earlier transaction commits, then delivers both in id order', async () => {
    const conn = await SseConnection.open(`${server.url}/api/v1/stream`, { authorization: `Bearer ${w.token}` });
    const ready = await conn.next();
    expect(ready.event).toBe('ready');

    const held = await holdOpenEvent('test.slow');
    if (testDialect === 'postgres') {
      // A later id commits first: it must wait behind the open one.
      await appendTestEvent(t.app.store.db, { workspaceId: w.workspaceId, type: 'test.fast', at: t.app.now() });
      t.app.bus.poke(w.workspaceId);
      const page = await (await t.req('GET', `/api/v1/events?after=${ready.id}`, { token: w.token })).json();
      expect(page.events).toEqual([]);
      expect(page.nextCursor).toBeLessThan(held.id);
    }
    expect(await conn.quietFor(400)).toBe(true);

    await held.commit();
    t.app.bus.poke(w.workspaceId);
    const [first] = await conn.events(1);
    expect(first).toMatchObject({ id: held.id, type: 'test.slow' });
    if (testDialect === 'sqlite') {
      await appendTestEvent(t.app.store.db, { workspaceId: w.workspaceId, type: 'test.fast', at: t.app.now() });
      t.app.bus.poke(w.workspaceId);
    }
    const [second] = await conn.events(1);
    expect(second.type).toBe('test.fast');
    expect(second.id).toBeGreaterThan(held.id);
    expect(await conn.quietFor(300)).toBe(true);

    const page = await (await t.req('GET', `/api/v1/events?after=${ready.id}`, { token: w.token })).json();
    expect(page.events.map((e: { type: string }) => e.type)).toEqual(['test.slow', 'test.fast']);
    conn.close();
  });
});
