import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { forgetChannel } from '../intake/receiver.js';
import { seal } from '../lib/crypto.js';
import { notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { adapterFor } from './registry.js';

/** Renames, re-configures, disables/enables a channel, or rotates its secrets (returned once). */
export async function updateChannel(
  app: App,
  input: { workspaceId: string; channelId: string; actorUserId: string; name?: string; settings?: Record<string, unknown>; status?: 'active' | 'disabled'; rotateSecrets?: boolean },
) {
  const now = app.now();
  const out = await app.store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('channels').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.channelId).executeTakeFirst();
    if (!row) throw notFound('channel');
    const adapter = adapterFor(row.type);
    const settings = input.settings ? adapter.parseSettings({ ...parseJson(row.settings, {}), ...input.settings }) : parseJson<Record<string, unknown>>(row.settings, {});
    const secrets = input.rotateSecrets ? adapter.newSecrets() : null;
    const next = {
      name: input.name ?? row.name,
      settings: JSON.stringify(settings),
      status: input.status ?? row.status,
      ...(secrets ? { secrets_enc: seal(app.config.secretKey, JSON.stringify(secrets)) } : {}),
    };
    await tx.updateTable('channels').set(next).where('id', '=', row.id).execute();
    await appendEvent(tx, { workspaceId: input.workspaceId, type: 'channel.updated', actorUserId: input.actorUserId, data: { channelId: row.id, status: next.status, rotatedSecrets: !!secrets }, at: now });
    return { row: { ...row, ...next }, secrets };
  });
  forgetChannel(input.channelId);
  return out;
}
