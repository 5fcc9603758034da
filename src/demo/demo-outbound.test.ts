import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { OutboundRefused } from '../net/outbound-http.js';
import { buildTestApp, buildWorkspace, PRODUCTION_OUTBOUND, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { startDemo } from './start-demo.js';

/**
 * The demo's callback lives on Hearken's own server (loopback), which the outbound client refuses
 * in production. The demo opens exactly its own callback path, and nothing else on that host.
 */
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

describe(`demo under production outbound rules (${testDialect})`, () => {
  it('replies to demo customers are delivered to the demo callback on this server; the rest of the server stays refused', async () => {
    await expect(t.app.outbound.fetch(`${baseUrl}/demo/callback/x`, { method: 'POST', body: '{}' })).rejects.toThrow(OutboundRefused);
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic', settings: { network: 'demo' } });
    const demoApp: App = { ...t.app, config: { ...t.app.config, demo: true, demoIntervalMs: 60_000 } };
    const stops = await startDemo(demoApp, baseUrl);
    try {
      let conv: { id: string } | undefined;
      for (let i = 0; i < 200 && !conv; i++) {
        await processJournalBatch(t.app);
        conv = await t.app.store.db.selectFrom('conversations').select('id').where('channel_id', '=', ch.id).executeTakeFirst();
        if (!conv) await new Promise((r) => setTimeout(r, 50));
      }
      expect(conv).toBeDefined();
      const res = await t.req('POST', `/api/v1/conversations/${conv!.id}/replies`, { token: w.token, body: { text: 'Thanks for writing!' } });
      expect(res.status).toBe(201);
      const { message } = await res.json();
      await runDueJobs(t.app);
      const row = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
      expect(row.delivery_error).toBeNull();
      expect(row.delivery_status).toBe('sent');
      // Only the demo's own path was opened: the API on the same server is still out of reach.
      await expect(t.app.outbound.fetch(`${baseUrl}/api/v1/channels`)).rejects.toThrow(OutboundRefused);
      await expect(t.app.outbound.fetch(`${baseUrl}/healthz`)).rejects.toThrow(/is not a public address/);
    } finally {
      for (const stop of stops) await stop();
    }
  });
});
