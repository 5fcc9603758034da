import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../channels/api/signature.js';
import { createChannel } from './create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildInbound, buildPeerApp, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { until } from '../test/child.js';
import { startFakeCallback } from '../test/fake-callback.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

/** Posts a delivery to `at`'s webhook signed with `secret`; returns the HTTP status. */
async function post(at: TestApp, channelId: string, secret: string, payload: unknown = buildInbound()): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await at.http.request(`/webhooks/${channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signBody(secret, body, at.app.now()) },
    body,
  });
  return res.status;
}

const drain = async (at: TestApp) => {
  while ((await processJournalBatch(at.app)) > 0);
};

/** The identity namespace intake filed a customer under: the API channel's `network` setting. */
async function networkOf(at: TestApp, externalId: string): Promise<string | undefined> {
  const row = await at.app.store.db
    .selectFrom('identities')
    .select('network')
    .where('workspace_id', '=', w.workspaceId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.network;
}

async function rotate(channelId: string): Promise<string> {
  const res = await t.req('POST', `/api/v1/channels/${channelId}/rotate-secret`, { token: w.token });
  expect(res.status).toBe(200);
  return (await res.json()).secrets.signingSecret;
}

async function patch(channelId: string, body: unknown) {
  const res = await t.req('PATCH', `/api/v1/channels/${channelId}`, { token: w.token, body });
  expect(res.status).toBe(200);
}

/** A fresh API channel in w's workspace, so each test starts from a known secret and settings. */
async function freshChannel(settings: Record<string, unknown> = {}) {
  const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Directory test', settings });
  return { id: ch.id, secret: ch.secrets.signingSecret };
}

describe(`channel directory, in the process that made the change (${testDialect})`, () => {
  it('the receiver refuses the old secret right after a rotation, and takes the new one', async () => {
    const ch = await freshChannel();
    expect(await post(t, ch.id, ch.secret)).toBe(200); // the channel is now in the directory
    const next = await rotate(ch.id);
    expect(next).not.toBe(ch.secret);
    expect(await post(t, ch.id, ch.secret)).toBe(401);
    expect(await post(t, ch.id, next)).toBe(200);
  });

  it('the journal processor files deliveries under the new settings at once', async () => {
    const ch = await freshChannel();
    expect(await post(t, ch.id, ch.secret, buildInbound({ from: { id: 'dir-before' } }))).toBe(200);
    await drain(t);
    expect(await networkOf(t, 'dir-before')).toBe('api');
    await patch(ch.id, { settings: { network: 'shopify' } });
    expect(await post(t, ch.id, ch.secret, buildInbound({ from: { id: 'dir-after' } }))).toBe(200);
    await drain(t);
    expect(await networkOf(t, 'dir-after')).toBe('shopify');
  });

  it('a disabled channel is refused (404) at once, and accepted again once enabled', async () => {
    const ch = await freshChannel();
    expect(await post(t, ch.id, ch.secret)).toBe(200);
    await patch(ch.id, { status: 'disabled' });
    expect(await post(t, ch.id, ch.secret)).toBe(404);
    await patch(ch.id, { status: 'active' });
    expect(await post(t, ch.id, ch.secret)).toBe(200);
  });

  it('a deleted channel: deliveries refused, and what it journaled is not processed with the old channel', async () => {
    const ch = await freshChannel();
    expect(await post(t, ch.id, ch.secret)).toBe(200);
    const entry = await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', ch.id).executeTakeFirstOrThrow();
    // Hearken has no delete command yet; whatever deletes a channel must tell the directory, as here.
    await t.app.store.db.deleteFrom('channels').where('id', '=', ch.id).execute();
    t.app.channels.changed(ch.id);
    expect(await post(t, ch.id, ch.secret)).toBe(404);
    await drain(t);
    const after = await t.app.store.db.selectFrom('journal').select(['status', 'error']).where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'failed', error: 'channel no longer exists' });
  });

  it('the outbox sends to the callback URL the channel has now, not the one it had', async () => {
    const first = await startFakeCallback(() => w.signingSecret);
    const second = await startFakeCallback(() => w.signingSecret);
    try {
      await patch(w.channelId, { settings: { callbackUrl: first.url } });
      const reply = async (from: string) => {
        expect(await post(t, w.channelId, w.signingSecret, buildInbound({ from: { id: from, name: `Customer ${from}` } }))).toBe(200);
        await drain(t);
        const conv = await t.app.store.db
          .selectFrom('conversations')
          .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
          .select('conversations.id')
          .where('identities.external_id', '=', from)
          .executeTakeFirstOrThrow();
        const res = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: `Hello ${from}` } });
        expect(res.status).toBe(201);
        await runDueJobs(t.app);
        return (await res.json()).message.id as string;
      };
      const one = await reply('dir-out-1');
      expect(first.accepted.has(one)).toBe(true);
      await patch(w.channelId, { settings: { callbackUrl: second.url } });
      const two = await reply('dir-out-2');
      expect(second.accepted.has(two)).toBe(true);
      expect(first.accepted.has(two)).toBe(false);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe(`channel directory, in another process over the same database (${testDialect})`, () => {
  it('sees a change within HEARKEN_CHANNEL_CACHE_MS even when no notification reaches it', async () => {
    const ttl = 300;
    // No LISTEN: this peer hears nothing from t, as when a NOTIFY is lost; only expiry can help.
    const peer = await buildPeerApp(t, { config: { channelCacheMs: ttl } });
    try {
      const ch = await freshChannel();
      expect(await post(peer, ch.id, ch.secret, buildInbound({ from: { id: 'peer-ttl-before' } }))).toBe(200);
      await drain(peer);
      expect(await networkOf(peer, 'peer-ttl-before')).toBe('api');

      // Settings first, rotation last: once the peer refuses the old secret it has reloaded both.
      await patch(ch.id, { settings: { network: 'forum' } });
      const next = await rotate(ch.id);
      // Within the bound (plus slack for a loaded machine), the old secret must stop working there.
      await until(async () => (await post(peer, ch.id, ch.secret)) === 401, 'the peer to refuse the old secret', ttl + 2_000, 25);
      expect(await post(peer, ch.id, next, buildInbound({ from: { id: 'peer-ttl-after' } }))).toBe(200);
      await drain(peer);
      expect(await networkOf(peer, 'peer-ttl-after')).toBe('forum');

      await patch(ch.id, { status: 'disabled' });
      await until(async () => (await post(peer, ch.id, next)) === 404, 'the peer to refuse the disabled channel', ttl + 2_000, 25);
    } finally {
      await peer.close();
    }
  });

  if (testDialect === 'postgres') {
    it('on PostgreSQL hears of a change at once through NOTIFY, long before its entries expire', async () => {
      // A minute's expiry: if the peer sees the change within a couple of seconds, the bus told it.
      const peer = await buildPeerApp(t, { config: { channelCacheMs: 60_000 }, listen: true });
      try {
        const ch = await freshChannel();
        expect(await post(peer, ch.id, ch.secret, buildInbound({ from: { id: 'peer-bus-before' } }))).toBe(200);
        await drain(peer);
        expect(await networkOf(peer, 'peer-bus-before')).toBe('api');

        const next = await rotate(ch.id);
        await until(async () => (await post(peer, ch.id, ch.secret)) === 401, 'the peer to refuse the old secret', 2_000, 10);
        expect(await post(peer, ch.id, next)).toBe(200);

        await patch(ch.id, { settings: { network: 'forum' } });
        let n = 0;
        await until(
          async () => {
            const customer = `peer-bus-after-${++n}`;
            expect(await post(peer, ch.id, next, buildInbound({ from: { id: customer } }))).toBe(200);
            await drain(peer);
            return (await networkOf(peer, customer)) === 'forum';
          },
          'the peer to file deliveries under the new network',
          2_000,
          10,
        );

        await patch(ch.id, { status: 'disabled' });
        await until(async () => (await post(peer, ch.id, next)) === 404, 'the peer to refuse the disabled channel', 2_000, 10);
      } finally {
        await peer.close();
      }
    });
  }
});
