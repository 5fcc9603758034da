import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { parseJson } from '../lib/json.js';
import { DEMO_MODERATION } from './moderation.js';
import { seedDemoContacts } from './demo-contacts.js';
import { startDemoTraffic } from './traffic.js';

/**
 * Boot hook (every start, not only the first): plays demo traffic into each active API channel
 * whose settings say network "demo", and points its callbackUrl at the demo callback so replies
 * to demo customers are delivered. Does nothing when HEARKEN_DEMO=false. Returns stop functions.
 * baseUrl is where this process's HTTP server answers, e.g. http://127.0.0.1:3000.
 */
export async function startDemo(app: App, baseUrl: string): Promise<Array<() => Promise<void>>> {
  if (!app.config.demo) return [];
  const base = baseUrl.replace(/\/+$/, '');
  openDemoCallback(app, base);
  const db = app.store.db;
  const rows = await db.selectFrom('channels').select(['id', 'workspace_id', 'settings']).where('type', '=', 'api').where('status', '=', 'active').execute();
  const stops: Array<() => Promise<void>> = [];
  for (const row of rows) {
    const settings = parseJson<Record<string, unknown>>(row.settings, {});
    if (settings.network !== 'demo') continue;
    const callbackUrl = `${base}/demo/callback/${row.id}`;
    const current = settings.callbackUrl;
    // An admin who pointed the demo channel elsewhere keeps their choice; a moved port is followed.
    const follow = current !== callbackUrl && (current === undefined || (typeof current === 'string' && current.includes('/demo/callback/')));
    // A demo channel made before moderation existed learns it (the demo network takes every action).
    const moderation = settings.moderation === undefined ? { moderation: [...DEMO_MODERATION] } : {};
    if (follow || settings.moderation === undefined) {
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('channels')
          .set({ settings: JSON.stringify({ ...settings, ...(follow ? { callbackUrl } : {}), ...moderation }) })
          .where('workspace_id', '=', row.workspace_id)
          .where('id', '=', row.id)
          .execute();
        await appendEvent(tx, {
          workspaceId: row.workspace_id,
          type: 'channel.updated',
          data: {
            channelId: row.id,
            fields: [...(follow ? ['settings.callbackUrl'] : []), ...(settings.moderation === undefined ? ['settings.moderation'] : [])],
          },
          at: app.now(),
        });
      });
      // The outbox reads callbackUrl through the directory.
      app.channels.changed(row.id);
    }
    await seedDemoContacts(app, row.workspace_id);
    stops.push(startDemoTraffic(app, { channelId: row.id, baseUrl: base, intervalMs: app.config.demoIntervalMs }));
  }
  return stops;
}

/**
 * The demo network lives on this very server (loopback, which the outbound client refuses): with
 * HEARKEN_DEMO on, the process that sends replies may reach exactly the demo's callback path there,
 * nothing else on this host. main.ts calls it for worker-only processes too (they send the replies).
 */
export function openDemoCallback(app: App, baseUrl: string) {
  if (app.config.demo) app.outbound.allowPrefix(`${baseUrl.replace(/\/+$/, '')}/demo/callback/`);
}
