import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { loadChannel } from '../channels/load-channel.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { seedDemoContacts } from './demo-contacts.js';
import { startDemo } from './start-demo.js';
import { DEMO_BURST } from './traffic.js';

let t: TestApp;
let w: TestWorkspace;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
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

const settingsOf = async (id: string) => (await loadChannel(t.app.store.db, t.app.config, id, w.workspaceId))!.settings;
const withDemo = (on: boolean): App => ({ ...t.app, config: { ...t.app.config, demo: on, demoIntervalMs: 60_000 } });

describe(`startDemo (${testDialect})`, () => {
  it('does nothing when HEARKEN_DEMO is off', async () => {
    const ch = await createChannel(t.app, { workspaceId: w.workspaceId, type: 'api', name: 'Demo traffic', settings: { network: 'demo' } });
    expect(await startDemo(withDemo(false), baseUrl)).toEqual([]);
    expect((await settingsOf(ch.id)).callbackUrl).toBeUndefined();
  });

  it('wires the demo channel to the demo callback and plays traffic into it; other channels are left alone', async () => {
    const other = await createChannel(t.app, {
      workspaceId: w.workspaceId,
      type: 'api',
      name: 'Elsewhere',
      settings: { network: 'demo', callbackUrl: 'https://example.com/hook' },
    });
    const stops = await startDemo(withDemo(true), `${baseUrl}/`);
    try {
      // The channel from the previous test and `other`; the plain API channel is not a demo channel.
      expect(stops).toHaveLength(2);
      const demo = await t.app.store.db
        .selectFrom('channels')
        .select('id')
        .where('workspace_id', '=', w.workspaceId)
        .where('name', '=', 'Demo traffic')
        .executeTakeFirstOrThrow();
      expect((await settingsOf(demo.id)).callbackUrl).toBe(`${baseUrl}/demo/callback/${demo.id}`);
      expect((await settingsOf(other.id)).callbackUrl).toBe('https://example.com/hook');
      expect((await settingsOf(w.channelId)).callbackUrl).toBeUndefined();
      const until = Date.now() + 10_000;
      let n = 0;
      while (Date.now() < until && n < DEMO_BURST) {
        n = (await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', demo.id).execute()).length;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(n).toBe(DEMO_BURST);
      // The directory is not empty: a few customers with e-mail and phone, and a "plan" attribute; once only.
      await seedDemoContacts(t.app, w.workspaceId);
      const people = await t.app.store.db
        .selectFrom('contacts')
        .select(['email', 'phone'])
        .where('workspace_id', '=', w.workspaceId)
        .where('email', 'is not', null)
        .execute();
      expect(people).toHaveLength(4);
      expect(people.every((p) => p.phone?.startsWith('+'))).toBe(true);
      const defs = await t.app.store.db.selectFrom('contact_attribute_defs').select(['key', 'type']).where('workspace_id', '=', w.workspaceId).execute();
      expect(defs).toEqual([{ key: 'plan', type: 'select' }]);
    } finally {
      for (const stop of stops) await stop();
    }
  });
});
