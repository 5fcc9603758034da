import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

describe(`channels API (${testDialect})`, () => {
  it('connects a channel (admin only), returns its secret once and never again', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('POST', '/api/v1/channels', { token: agent.token, body: { type: 'api', name: 'Shop' } })).status).toBe(403);
    const res = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: { type: 'api', name: 'Shop', settings: { callbackUrl: 'https://shop.example.com/hook' } },
    });
    expect(res.status).toBe(201);
    const ch = await res.json();
    expect(ch.secrets.signingSecret).toMatch(/^whsec_/);
    expect(ch.webhookUrl).toContain(`/webhooks/${ch.id}`);
    const row = await t.app.store.db.selectFrom('channels').select('secrets_enc').where('id', '=', ch.id).executeTakeFirstOrThrow();
    expect(row.secrets_enc).not.toContain(ch.secrets.signingSecret); // encrypted at rest
    const list = await (await t.req('GET', '/api/v1/channels', { token: agent.token })).json();
    expect(JSON.stringify(list)).not.toContain(ch.secrets.signingSecret);
    expect(list.channels.find((c: any) => c.id === ch.id).capabilities.maxLength).toBeGreaterThan(0);
  });

  it('validates types and settings with field errors', async () => {
    const badType = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'myspace', name: 'x' } });
    expect(badType.status).toBe(400);
    expect((await badType.json()).error.fields[0].field).toBe('type');
    const badUrl = await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { settings: { callbackUrl: 'ftp://nope' } } });
    expect(badUrl.status).toBe(400);
    expect((await badUrl.json()).error.fields[0].field).toBe('settings.callbackUrl');
  });

  it('rotating the secret invalidates the old one; disabling stops intake', async () => {
    const rotated = await (await t.req('POST', `/api/v1/channels/${w.channelId}/rotate-secret`, { token: w.token })).json();
    const newSecret = rotated.secrets.signingSecret as string;
    expect(newSecret).not.toBe(w.signingSecret);
    expect((await deliver(t, w, buildInbound())).status).toBe(401);
    expect((await deliver(t, { ...w, signingSecret: newSecret }, buildInbound())).status).toBe(200);
    w.signingSecret = newSecret;
    expect((await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { status: 'disabled' } })).status).toBe(200);
    expect((await deliver(t, w, buildInbound())).status).toBe(404);
    expect((await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { status: 'active' } })).status).toBe(200);
  });

  it('lists unparseable deliveries for admins and replays them', async () => {
    await deliver(t, w, { type: 'message', id: 'broken-1', text: 'no sender' });
    while ((await processJournalBatch(t.app)) > 0);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/intake/failures', { token: agent.token })).status).toBe(403);
    const { failures } = await (await t.req('GET', '/api/v1/intake/failures', { token: w.token })).json();
    const f = failures.find((x: any) => x.body.includes('broken-1'));
    expect(f.error).toMatch(/from/);
    const replay = await (await t.req('POST', '/api/v1/intake/replay', { token: w.token, body: { ids: [f.id] } })).json();
    expect(replay.requeued).toBe(1);
    // Still unparseable: it fails again, with its reason, and is not lost.
    while ((await processJournalBatch(t.app)) > 0);
    const again = await (await t.req('GET', '/api/v1/intake/failures', { token: w.token })).json();
    expect(again.failures.some((x: any) => x.id === f.id)).toBe(true);
    const otherView = await (await t.req('GET', '/api/v1/intake/failures', { token: other.token })).json();
    expect(otherView.failures).toEqual([]);
  });

  it("hides another workspace's channels", async () => {
    expect((await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: other.token, body: { name: 'hijack' } })).status).toBe(404);
    expect((await t.req('POST', `/api/v1/channels/${w.channelId}/rotate-secret`, { token: other.token })).status).toBe(404);
    const list = await (await t.req('GET', '/api/v1/channels', { token: other.token })).json();
    expect(list.channels.map((c: any) => c.id)).not.toContain(w.channelId);
  });
});
