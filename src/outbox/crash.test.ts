import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { childEnv, spawnHearken, until, waitForExit } from '../test/child.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { processJournalBatch } from '../intake/processor.js';
import { createChannel } from '../channel-admin/create-channel.js';
import type { ChildProcess } from 'node:child_process';

let t: TestApp;
let w: TestWorkspace;
let fake: Awaited<ReturnType<typeof startFakeCallback>>;
let secret = '';

beforeAll(async () => {
  t = await buildTestApp();
  fake = await startFakeCallback(() => secret);
  w = await buildWorkspace(t, { callbackUrl: fake.url });
  secret = w.signingSecret;
});
afterAll(async () => {
  await fake.close();
  await t.close();
});

async function queuedReply(channel: { channelId: string; signingSecret: string }, text: string) {
  await deliver(t, channel, buildInbound({ from: { id: `c-${text}` } }));
  while ((await processJournalBatch(t.app)) > 0);
  const conv = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('channel_id', '=', channel.channelId)
    .where('thread_key', 'like', `%c-${text}`)
    .executeTakeFirstOrThrow();
  const res = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text } });
  expect(res.status).toBe(201);
  return (await res.json()).message.id as string;
}

const messageRow = (id: string) => t.app.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
// A short lease so the restarted worker may take over the dead one's job within the test.
const env = () => childEnv(t, { HEARKEN_ROLES: 'worker', HEARKEN_SEND_TIMEOUT_MS: '1000', HEARKEN_JOB_LEASE_GRACE_MS: '500' });

/** Runs a worker that the fake network kills right after it receives the send: the worst moment. */
async function crashWhileSending(messageId: string) {
  let child: ChildProcess | null = null;
  fake.setResponder((r) => {
    if (r.idempotencyKey === messageId && child) {
      child.kill('SIGKILL');
      return 'hang';
    }
    return { status: 200 };
  });
  child = spawnHearken(env());
  await until(async () => fake.requests.some((r) => r.idempotencyKey === messageId), 'the send to reach the network');
  await waitForExit(child);
  fake.setResponder(() => ({ status: 200 }));
  expect((await messageRow(messageId)).delivery_status).toBe('sending');
}

describe(`crash during sending (${testDialect})`, () => {
  it('a worker killed after the network got the reply: the retry carries the same key and the reply exists once', async () => {
    const id = await queuedReply(w, 'idempotent');
    await crashWhileSending(id);
    const second = spawnHearken(env());
    try {
      await until(async () => (await messageRow(id)).delivery_status === 'sent', 'the restarted worker to finish the send', 30_000, 50);
    } finally {
      second.kill('SIGTERM');
      await waitForExit(second);
    }
    const attempts = fake.requests.filter((r) => r.idempotencyKey === id);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].body.retry).toBe(true);
    expect([...fake.accepted.keys()].filter((k) => k === id)).toHaveLength(1);
  }, 60_000);

  it('without a way to detect the first send, the message goes to a human instead of a blind retry', async () => {
    const ch = await createChannel(t.app, {
      workspaceId: w.workspaceId,
      type: 'api',
      name: 'No-dedupe source',
      settings: { callbackUrl: fake.url, idempotentCallbacks: false },
    });
    const prevSecret = secret;
    secret = ch.secrets.signingSecret;
    const id = await queuedReply({ channelId: ch.id, signingSecret: ch.secrets.signingSecret }, 'unsafe');
    await crashWhileSending(id);
    const second = spawnHearken(env());
    try {
      await until(async () => (await messageRow(id)).delivery_status === 'needs_human', 'the message to be handed to a human', 30_000, 50);
    } finally {
      second.kill('SIGTERM');
      await waitForExit(second);
      secret = prevSecret;
    }
    expect(fake.requests.filter((r) => r.idempotencyKey === id)).toHaveLength(1);
    expect((await messageRow(id)).delivery_error).toMatch(/stopped while this reply was being sent/);
    const ev = await t.app.store.db.selectFrom('events').select('type').where('type', '=', 'message.needs_human').execute();
    expect(ev.length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
