import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../auth/purge-expired.js';
import { buildPeerApp, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { childEnv, spawnHearken, until, waitForExit } from '../test/child.js';

// Two web nodes over one database: a visitor's budget is one, whichever node answers.
const ORIGIN = 'https://shop.example.com';
let t: TestApp;
let peer: TestApp;
let w: TestWorkspace;
let channel: string;

beforeAll(async () => {
  t = await buildTestApp();
  peer = await buildPeerApp(t);
  w = await buildWorkspace(t);
  const res = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: [ORIGIN] } } });
  expect(res.status).toBe(201);
  channel = (await res.json()).id;
});
afterAll(async () => {
  await peer.close();
  await t.close();
});

const visitor = (app: TestApp, method: string, path: string, token?: string, body?: unknown) =>
  app.req(method, `/site/v1/${channel}${path}`, { body, headers: { origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

async function statuses(responses: Promise<Response>[]) {
  const by: Record<number, number> = {};
  for (const r of await Promise.all(responses)) {
    by[r.status] = (by[r.status] ?? 0) + 1;
    if (r.status === 429) expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  }
  return by;
}

describe(`site chat limits across web nodes (${testDialect})`, () => {
  it('a visitor gets one message budget (30 a minute) whichever node answers', async () => {
    const s = await (await visitor(t, 'POST', '/session', undefined, {})).json();
    const by: Record<number, number> = {};
    for (let i = 0; i < 40; i++) {
      const r = await visitor(i % 2 ? peer : t, 'POST', '/messages', s.token, { clientId: `spam-${i}-abcdef`, text: `hello ${i}` });
      by[r.status] = (by[r.status] ?? 0) + 1;
    }
    expect(by).toEqual({ 202: 30, 429: 10 });
  });

  it('holds under parallel requests, per visitor', async () => {
    const a = await (await visitor(t, 'POST', '/session', undefined, {})).json();
    const b = await (await visitor(peer, 'POST', '/session', undefined, {})).json();
    const burst = (token: string) => Array.from({ length: 80 }, (_, i) => visitor(i % 2 ? peer : t, 'POST', '/typing', token, { typing: true }));
    expect(await statuses(burst(a.token))).toEqual({ 200: 60, 429: 20 });
    // Another visitor has a budget of their own.
    expect((await visitor(peer, 'POST', '/typing', b.token, { typing: true })).status).toBe(200);
  });

  it('a separate web process, through real HTTP, shares the budget with this one', async () => {
    const port = await freePort();
    const node = spawnHearken(childEnv(t, { HEARKEN_ROLES: 'web', PORT: String(port) }));
    try {
      const base = `http://127.0.0.1:${port}`;
      await until(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, 'the second web process', 60_000, 100);
      const s = await (await visitor(t, 'POST', '/session', undefined, {})).json();
      const remote = (i: number) =>
        fetch(`${base}/site/v1/${channel}/messages`, {
          method: 'POST',
          headers: { origin: ORIGIN, authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: `remote-${i}-abcdef`, text: `hello ${i}` }),
        });
      const by: Record<number, number> = {};
      for (let i = 0; i < 40; i++) {
        const r = i % 2 ? await remote(i) : await visitor(t, 'POST', '/messages', s.token, { clientId: `local-${i}-abcdef`, text: `hello ${i}` });
        by[r.status] = (by[r.status] ?? 0) + 1;
      }
      expect(by).toEqual({ 202: 30, 429: 10 });
    } finally {
      node.kill('SIGTERM');
      await waitForExit(node);
    }
  }, 90_000);

  it('a new window starts after a minute, and ended windows are purged', async () => {
    const s = await (await visitor(t, 'POST', '/session', undefined, {})).json();
    const type = (app: TestApp) => visitor(app, 'POST', '/typing', s.token, { typing: false });
    await statuses(Array.from({ length: 61 }, () => type(t)));
    expect((await type(peer)).status).toBe(429);
    const realNow = t.app.now;
    const later = () => realNow() + 61_000;
    t.app.now = later;
    peer.app.now = later;
    try {
      expect((await type(peer)).status).toBe(200);
      expect((await type(t)).status).toBe(200);
      const before = await t.app.store.db.selectFrom('rate_limits').select('key').execute();
      t.app.now = () => realNow() + 5 * 61_000;
      await purgeExpired(t.app);
      const after = await t.app.store.db.selectFrom('rate_limits').select('key').execute();
      expect(before.length).toBeGreaterThan(0);
      expect(after).toEqual([]);
    } finally {
      t.app.now = realNow;
      peer.app.now = realNow;
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
