import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../channels/api/signature.js';
import { startFakeXStream, type FakeXStream } from '../listening/sources/x-stream/fake.js';
import { DEFAULT_TIMINGS, startXStreams, type StreamTimings } from '../listening/sources/x-stream/stream.js';
import { saveSource } from '../listening/sources/save-source.js';
import { buildInbound, buildPeerApp, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv, spawnHearken, until, waitForExit } from '../test/child.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { SseConnection } from '../test/sse-client.js';
import { testDialect } from '../test/store.js';

/**
 * A deployment in scale mode, as README "Scaling out" describes it: two web nodes, two workers
 * and a scheduler, each a real `src/main.ts` process, on one PostgreSQL database. Deliveries
 * arrive at either web node (some at both), replies are posted through either, and live streams
 * are held on both; nothing may be lost, doubled or missed by a client on the other node.
 */
let t: TestApp;
const children: Array<ChildProcess & { stderrText: () => string; stdoutText: () => string }> = [];
type Fake = Awaited<ReturnType<typeof startFakeCallback>>;
const fakes: Fake[] = [];
const fakesX: FakeXStream[] = [];

beforeAll(async () => {
  t = await buildTestApp();
});
// Children die with their test whatever happened to it (a failed expect, a timeout): SIGKILL, then wait.
async function killChildren() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.splice(0).map(waitForExit));
}
afterEach(killChildren);
afterAll(async () => {
  await killChildren();
  for (const f of fakes) await f.close();
  for (const x of fakesX) await x.close();
  await t?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a node with `roles`; a web node is awaited until it answers /healthz. */
async function startNode(roles: string, extra: Record<string, string> = {}): Promise<string | null> {
  return (await startChild(roles, extra)).url;
}
async function startChild(roles: string, extra: Record<string, string> = {}) {
  const port = roles.includes('web') ? await freePort() : 0;
  const child = spawnHearken(childEnv(t, { HEARKEN_ROLES: roles, PORT: String(port), HOST: '127.0.0.1', ...extra }));
  children.push(child);
  if (!roles.includes('web')) return { child, url: null };
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`the ${roles} node exited: ${child.stderrText()}`);
      return fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    `the ${roles} node on port ${port} to answer`,
    30_000,
    100,
  );
  return { child, url };
}

/** Runs `fn` over `items` with at most `n` in flight (two cores: a thousand sockets at once measures the kernel, not Hearken). */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const count = async (q: Promise<{ n: number | string }>) => Number((await q).n);

/** An active X filtered-stream source in a fresh workspace, reading from `x`. */
async function xSource(x: FakeXStream) {
  const w = await buildWorkspace(t, { name: 'Streams' });
  const src = await saveSource(t.app, {
    workspaceId: w.workspaceId,
    actorUserId: w.ownerId,
    kind: 'x_stream',
    name: 'X stream',
    settings: { baseUrl: x.url },
    secrets: { bearerToken: x.state.bearer },
  });
  return src.id as string;
}
const pause = (id: string) => t.app.store.db.updateTable('listening_sources').set({ active: 0 }).where('id', '=', id).execute();

/** Samples how many stream connections the fake has open at once, every few milliseconds, until stopped. */
function watchOpen(x: FakeXStream) {
  let max = 0;
  const timer = setInterval(() => (max = Math.max(max, x.state.open.size)), 5);
  return {
    max: () => Math.max(max, x.state.open.size),
    stop: () => clearInterval(timer),
  };
}

describe(`many nodes on one database: web ×2, worker ×2, scheduler, one X stream per source (${testDialect})`, () => {
  if (testDialect === 'postgres') {
    it('stores every delivery once, sends every reply once and streams every event to clients on either node', async () => {
      // Two workspaces, each with an API channel whose replies go to a fake of its own (signatures differ).
      const spaces: Array<{ w: TestWorkspace; fake: Fake }> = [];
      for (const name of ['North', 'South']) {
        let secret = '';
        const fake = await startFakeCallback(() => secret);
        fakes.push(fake);
        const w = await buildWorkspace(t, { name, callbackUrl: fake.url });
        secret = w.signingSecret;
        spaces.push({ w, fake });
      }

      const [webA, webB] = await Promise.all([startNode('web'), startNode('web')]);
      const webs = [webA!, webB!];
      await Promise.all([startNode('worker'), startNode('worker'), startNode('scheduler')]);

      // A live stream per workspace on each web node, opened before any traffic.
      const streams = await Promise.all(
        spaces.flatMap(({ w }) =>
          webs.map(async (url) => {
            const sse = await SseConnection.open(`${url}/api/v1/stream`, { authorization: `Bearer ${w.token}` });
            expect(sse.response.status).toBe(200);
            const ready = await sse.next(10_000);
            expect(ready.event).toBe('ready');
            return { sse, w, url, from: Number(ready.id) };
          }),
        ),
      );

      // 240 distinct deliveries over 60 customers, alternating nodes; every fifth also sent to the other node at once.
      const N = 240;
      const sends: Array<() => Promise<Response>> = [];
      for (let i = 0; i < N; i++) {
        const { w } = spaces[i % 2]!;
        const body = JSON.stringify(buildInbound({ id: `nodes-${i}`, from: { id: `nodes-cust-${i % 60}` }, text: `delivery ${i}` }));
        const post = (url: string) =>
          fetch(`${url}/webhooks/${w.channelId}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...signBody(w.signingSecret, body, Date.now()) },
            body,
          });
        const home = webs[i % 4 < 2 ? 0 : 1]!;
        const other = webs[i % 4 < 2 ? 1 : 0]!;
        sends.push(i % 5 === 0 ? async () => (await Promise.all([post(home), post(other)]))[0]! : () => post(home));
      }
      const statuses: number[] = [];
      await pool(sends, 12, async (send) => {
        statuses.push((await send()).status);
      });
      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      const db = t.app.store.db;
      const inbound = (workspaceId: string) =>
        count(
          db
            .selectFrom('messages')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', workspaceId)
            .where('direction', '=', 'in')
            .executeTakeFirstOrThrow(),
        );
      await until(
        async () => (await inbound(spaces[0]!.w.workspaceId)) + (await inbound(spaces[1]!.w.workspaceId)) >= N,
        'the workers to store every delivery',
        60_000,
        200,
      ).catch(async (e) => {
        // Say where it stopped: the journal's state and what the nodes logged.
        const j = await db
          .selectFrom('journal')
          .select(['status', (x) => x.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute();
        throw new Error(`${e.message}: journal ${JSON.stringify(j)}; the nodes said: ${children.map((c) => c.stderrText()).join('\n')}`);
      });
      for (const { w } of spaces) expect(await inbound(w.workspaceId)).toBe(N / 2);
      const doubled = await db
        .selectFrom('messages')
        .select(['external_id', (e) => e.fn.countAll<number>().as('n')])
        .where('external_id', 'like', 'nodes-%')
        .groupBy(['workspace_id', 'channel_id', 'external_id'])
        .having((e) => e.fn.countAll(), '>', 1)
        .execute();
      expect(doubled).toEqual([]);
      const stored = await db.selectFrom('messages').select('external_id').where('external_id', 'like', 'nodes-%').execute();
      expect(new Set(stored.map((m) => m.external_id)).size).toBe(N);

      // A reply in every conversation, through alternating web nodes; each must reach its network once.
      const replies: Array<{ id: string; fake: Fake }> = [];
      const convs = (
        await Promise.all(
          spaces.map(async (s) =>
            (await db.selectFrom('conversations').select('id').where('workspace_id', '=', s.w.workspaceId).execute()).map((c) => ({ ...s, convId: c.id })),
          ),
        )
      ).flat();
      expect(convs).toHaveLength(60);
      let k = 0;
      await pool(convs, 6, async ({ w, fake, convId }) => {
        const url = webs[k++ % 2]!;
        const res = await fetch(`${url}/api/v1/conversations/${convId}/replies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: `reply via ${url}` }),
        });
        expect(res.status).toBe(201);
        replies.push({ id: (await res.json()).message.id, fake });
      });
      await until(async () => replies.every((r) => r.fake.accepted.has(r.id)), 'every reply to reach its network', 30_000, 100);
      const replyIds = replies.map((r) => r.id);
      expect(replyIds).toHaveLength(60);
      await until(
        async () =>
          (await db.selectFrom('messages').select('delivery_status').where('id', 'in', replyIds).execute()).every((m) => m.delivery_status === 'sent'),
        'every reply to be marked sent',
        10_000,
        100,
      );
      for (const r of replies) expect(r.fake.requests.filter((q) => q.idempotencyKey === r.id)).toHaveLength(1);
      expect(fakes.reduce((n, f) => n + f.requests.length, 0)).toBe(60);

      // Every client saw its workspace's log from where it joined: every id, once, in order, nothing else.
      for (const s of streams) {
        const logIds = async () =>
          (await db.selectFrom('events').select('id').where('workspace_id', '=', s.w.workspaceId).where('id', '>', s.from).orderBy('id').execute()).map((e) =>
            Number(e.id),
          );
        const seen = () => s.sse.frames.filter((f) => f.comment === undefined && f.event !== 'ready' && f.id !== undefined).map((f) => Number(f.id));
        const expected = await logIds();
        await until(async () => seen().length >= expected.length, `the stream on ${s.url} to catch up`, 15_000, 100);
        expect(seen()).toEqual(await logIds());
        s.sse.close();
      }
      for (const c of children) expect(c.exitCode, c.stderrText()).toBeNull();
    }, 150_000);
  }

  const FAST: Partial<StreamTimings> = {
    stallMs: 2_000,
    networkStepMs: 20,
    networkMaxMs: 200,
    httpStartMs: 50,
    httpMaxMs: 400,
    rateStartMs: 50,
    checkEveryMs: 100,
  };

  it("while one scheduler holds a source's stream another does not connect, and takes it over when the holder stops", async () => {
    const x = await startFakeXStream({ heartbeatMs: 200 });
    const src = await xSource(x);
    const peer = await buildPeerApp(t);
    const seen = watchOpen(x);
    const a = startXStreams(t.app, FAST);
    let b: ReturnType<typeof startXStreams> | undefined;
    try {
      await until(async () => a.running().includes(src) && x.state.open.size === 1, 'the first lane to connect', 10_000, 20);
      b = startXStreams(peer.app, FAST);
      if (testDialect === 'postgres') {
        // Several checks later the other lane still keeps off: X would refuse (or drop) a second connection.
        for (let i = 0; i < 5; i++) await b.check();
        expect(b.running()).toEqual([]);
        expect(x.streamRequests()).toHaveLength(1);
        expect(seen.max()).toBe(1);
      }
      await a.stop();
      const other = b;
      await until(async () => other.running().includes(src) && x.state.open.size === 1, 'the other lane to take the stream over', 5_000, 20);
    } finally {
      seen.stop();
      await a.stop();
      await b?.stop();
      await pause(src);
      await peer.close();
      await x.close();
    }
  });

  if (testDialect === 'postgres') {
    it('two scheduler processes: one holds the stream, and after it is killed (kill -9) the other connects', async () => {
      const x = await startFakeXStream({ heartbeatMs: 500 });
      fakesX.push(x);
      const src = await xSource(x);
      const seen = watchOpen(x);
      try {
        const first = await startChild('scheduler');
        await until(async () => x.state.open.size === 1, 'the first scheduler to connect', 30_000, 50);
        // The second logs each time it finds the lock taken: proof it is up and has tried.
        const second = await startChild('scheduler', { HEARKEN_LOG_LEVEL: 'debug' });
        await until(
          async () => second.child.stdoutText().includes('x stream: another process holds it'),
          'the second scheduler to find the stream taken',
          30_000,
          50,
        );
        expect(x.streamRequests()).toHaveLength(1);
        expect(x.state.open.size).toBe(1);

        first.child.kill('SIGKILL');
        await waitForExit(first.child);
        const killedAt = Date.now();
        // The lock goes with the dead process's connection; the second's next check (every 15 s) takes it.
        await until(async () => x.streamRequests().length === 2 && x.state.open.size === 1, 'the second scheduler to take the stream over', 25_000, 50);
        expect(Date.now() - killedAt).toBeLessThan(DEFAULT_TIMINGS.checkEveryMs + 5_000);
        expect(seen.max()).toBe(1);
        expect(second.child.exitCode).toBeNull();
      } finally {
        seen.stop();
        await pause(src);
      }
    }, 90_000);
  }
});
