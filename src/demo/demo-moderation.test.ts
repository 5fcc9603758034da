import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildTestApp, buildWorkspace, PRODUCTION_OUTBOUND, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { demoItemState } from './moderation.js';
import { startDemo } from './start-demo.js';

let t: TestApp;
let w: TestWorkspace;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  t = await buildTestApp(PRODUCTION_OUTBOUND);
  w = await buildWorkspace(t, { name: 'Demo Shop' });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.http.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      baseUrl = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

describe(`moderation on the demo network (${testDialect})`, () => {
  it('a demo channel made before moderation learns it at start; hiding a demo comment reaches the demo network and shows hidden', async () => {
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic', settings: { network: 'demo' } });
    const demoApp: App = { ...t.app, config: { ...t.app.config, demo: true, demoIntervalMs: 100 } };
    const stops = await startDemo(demoApp, baseUrl);
    try {
      const settings = JSON.parse((await t.app.store.db.selectFrom('channels').select('settings').where('id', '=', ch.id).executeTakeFirstOrThrow()).settings);
      expect(settings.moderation).toEqual(['hide', 'unhide', 'delete', 'like', 'block']);
      let msg: { id: string; conversation_id: string; external_id: string | null } | undefined;
      for (let i = 0; i < 300 && !msg; i++) {
        await processJournalBatch(t.app);
        msg = await t.app.store.db
          .selectFrom('messages')
          .select(['id', 'conversation_id', 'external_id'])
          .where('channel_id', '=', ch.id)
          .where('direction', '=', 'in')
          .where('visibility', '=', 'public')
          .executeTakeFirst();
        if (!msg) await new Promise((r) => setTimeout(r, 50));
      }
      expect(msg).toBeDefined();
      const conv = await (await t.req('GET', `/api/v1/conversations/${msg!.conversation_id}`, { token: w.token })).json();
      expect(conv.channel.capabilities.moderation).toMatchObject({ actions: ['hide', 'unhide', 'delete', 'like', 'block'], networkName: 'Demo' });
      const res = await t.req('POST', `/api/v1/conversations/${msg!.conversation_id}/messages/${msg!.id}/moderation`, {
        token: w.token,
        body: { action: 'hide' },
      });
      expect(res.status).toBe(202);
      await runDueJobs(t.app);
      const act = await t.app.store.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msg!.id).executeTakeFirstOrThrow();
      expect([act.status, act.error]).toEqual(['done', null]);
      expect(demoItemState(ch.id, msg!.external_id!)).toMatchObject({ hidden: true });
      const row = await t.app.store.db.selectFrom('messages').select('hidden_at').where('id', '=', msg!.id).executeTakeFirstOrThrow();
      expect(row.hidden_at).not.toBeNull();
    } finally {
      for (const stop of stops) await stop();
    }
  });

  it('the demo network refuses a moderation request that is not signed by the channel', async () => {
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo 2', settings: { network: 'demo' } });
    const res = await t.http.request(`/demo/callback/${ch.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'moderation.requested', id: 'x', action: 'hide', item_id: 'i1' }),
    });
    expect(res.status).toBe(401);
    expect(demoItemState(ch.id, 'i1')).toBeUndefined();
  });
});
