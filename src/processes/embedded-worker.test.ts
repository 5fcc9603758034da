import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { signBody } from '../channels/api/signature.js';
import { buildInbound, buildTestApp, buildWorkspace, type TestApp } from '../test/app.js';
import { childEnv, spawnHearken, until, waitForExit } from '../test/child.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { SseConnection } from '../test/sse-client.js';
import { testDialect } from '../test/store.js';

/**
 * Embedded mode (one process, SQLite, web + worker roles) runs the worker role on a thread of its
 * own (processes/embedded-worker.ts). A real `src/main.ts` process: deliveries are stored, live
 * streams hear them and replies reach the network — with the worker's poll set to a minute, so
 * only the wake-ups between the threads (store/thread-wakeups.ts) can make that quick.
 */
let t: TestApp;
let child: ReturnType<typeof spawnHearken> | undefined;
let fake: Awaited<ReturnType<typeof startFakeCallback>> | undefined;

beforeAll(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (child) await waitForExit(child);
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe(`embedded mode: the worker on a thread of its own (${testDialect})`, () => {
  if (testDialect !== 'sqlite') {
    it('is embedded mode only: with PostgreSQL the worker role runs in the process that has it', () => {
      expect(testDialect).toBe('postgres');
    });
    return;
  }

  it('stores deliveries, streams them and sends replies, woken across threads; stops cleanly on SIGTERM', async () => {
    let secret = '';
    fake = await startFakeCallback(() => secret);
    const w = await buildWorkspace(t, { name: 'Threads', callbackUrl: fake.url });
    secret = w.signingSecret;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // A minute between polls: nothing below is quick unless a wake-up crossed from one thread to the other.
    child = spawnHearken(childEnv(t, { PORT: String(port), HOST: '127.0.0.1', HEARKEN_LOG_LEVEL: 'info', HEARKEN_WORKER_POLL_MS: '60000' }));
    const c = child;
    await until(
      async () => {
        if (c.exitCode !== null) throw new Error(`hearken exited: ${c.stderrText()}`);
        return c.stdoutText().includes('worker thread started');
      },
      'the worker thread to start',
      60_000,
      100,
    );

    const sse = await SseConnection.open(`${url}/api/v1/stream`, { authorization: `Bearer ${w.token}` });
    expect(sse.response.status).toBe(200);
    expect((await sse.next(10_000)).event).toBe('ready');

    const N = 12;
    for (let i = 0; i < N; i++) {
      const body = JSON.stringify(buildInbound({ id: `thread-${i}`, from: { id: `thread-cust-${i % 3}` }, text: `delivery ${i}` }));
      const res = await fetch(`${url}/webhooks/${w.channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signBody(w.signingSecret, body, Date.now()) },
        body,
      });
      expect(res.status).toBe(200);
    }
    const db = t.app.store.db;
    const inbound = async () =>
      Number(
        (
          await db
            .selectFrom('messages')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', w.workspaceId)
            .where('direction', '=', 'in')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await until(async () => (await inbound()) === N, 'the worker thread to store every delivery', 15_000, 50);
    // The stream on the web thread heard the worker thread's events.
    const messageFrames = () => sse.frames.filter((f) => f.event === 'message.received').length;
    await until(async () => messageFrames() === N, 'the stream to hear every message', 15_000, 50);

    // A reply posted to the web thread leaves through the worker thread's outbox, once.
    const conv = await db.selectFrom('conversations').select('id').where('workspace_id', '=', w.workspaceId).executeTakeFirstOrThrow();
    const res = await fetch(`${url}/api/v1/conversations/${conv.id}/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'sent from the worker thread' }),
    });
    expect(res.status).toBe(201);
    const replyId = (await res.json()).message.id as string;
    await until(async () => fake!.accepted.has(replyId), 'the reply to reach the network', 15_000, 50);
    expect(fake.requests.filter((q) => q.idempotencyKey === replyId)).toHaveLength(1);
    sse.close();

    c.kill('SIGTERM');
    await waitForExit(c);
    expect(c.exitCode, c.stderrText()).toBe(0);
  }, 120_000);

  it('kill -9 while deliveries are spooled: every acknowledged delivery is stored once after the restart', async () => {
    const w = await buildWorkspace(t, { name: 'Spool crash' });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = async () => {
      const c = spawnHearken(childEnv(t, { PORT: String(port), HOST: '127.0.0.1', HEARKEN_LOG_LEVEL: 'info' }));
      child = c;
      await until(
        async () => {
          if (c.exitCode !== null) throw new Error(`hearken exited: ${c.stderrText()}`);
          return c.stdoutText().includes('worker thread started') && c.stdoutText().includes('hearken is listening');
        },
        'hearken to start',
        60_000,
        100,
      );
      return c;
    };
    const first = await start();
    const acked = new Set<string>();
    let sent = 0;
    const TOTAL = 400;
    const post = async (id: string) => {
      const body = JSON.stringify(buildInbound({ id, from: { id: `crash-cust-${sent % 40}` }, text: `crash ${id}` }));
      try {
        const res = await fetch(`${url}/webhooks/${w.channelId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signBody(w.signingSecret, body, Date.now()) },
          body,
        });
        if (res.status === 200) acked.add(id);
      } catch {
        // The process died under this request: not acknowledged, the network would send it again.
      }
    };
    // Ten at a time; the process is killed once a third have been answered.
    const senders = Array.from({ length: 10 }, async () => {
      while (sent < TOTAL) {
        const id = `spool-crash-${sent++}`;
        await post(id);
        if (acked.size >= TOTAL / 3 && first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
      }
    });
    await Promise.all(senders);
    await waitForExit(first);
    expect(acked.size).toBeGreaterThanOrEqual(TOTAL / 3);
    expect(acked.size).toBeLessThan(TOTAL);
    // The spool was in use: its folder sits beside the database file.
    const file = t.db.config.kind === 'sqlite' ? t.db.config.file : '';
    expect(existsSync(`${file}-spool`)).toBe(true);

    const second = await start();
    const stored = async () =>
      (await t.app.store.db.selectFrom('messages').select('external_id').where('workspace_id', '=', w.workspaceId).execute()).map((m) => m.external_id);
    await until(
      async () => {
        const have = new Set(await stored());
        return [...acked].every((id) => have.has(id));
      },
      'every acknowledged delivery to be stored',
      30_000,
      100,
    );
    const ids = await stored();
    expect(new Set(ids).size).toBe(ids.length);
    second.kill('SIGTERM');
    await waitForExit(second);
  }, 120_000);
});
