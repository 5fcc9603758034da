import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { open, seal } from '../lib/crypto.js';
import { notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { adapterFor } from '../channels/registry.js';
import { refuseInternalUrl, refuseNetworkBaseUrl, withoutNetworkBaseUrl } from '../net/settings-guard.js';

/** Renames, re-configures, disables/enables a channel, or rotates its secrets (returned once). */
export async function updateChannel(
  app: App,
  input: {
    workspaceId: string;
    channelId: string;
    actorUserId: string;
    name?: string;
    settings?: Record<string, unknown>;
    status?: 'active' | 'disabled';
    rotateSecrets?: boolean;
  },
) {
  const now = app.now();
  refuseNetworkBaseUrl(app.config, input.settings);
  const out = await app.store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('channels').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.channelId).executeTakeFirst();
    if (!row) throw notFound('channel');
    const adapter = adapterFor(row.type);
    // A stored base URL (older data) is not carried into new settings unless the operator allows it.
    const settings = input.settings
      ? adapter.parseSettings(withoutNetworkBaseUrl(app.config, { ...parseJson<Record<string, unknown>>(row.settings, {}), ...input.settings }))
      : parseJson<Record<string, unknown>>(row.settings, {});
    if (input.settings && 'callbackUrl' in input.settings) refuseInternalUrl(app.config, 'settings.callbackUrl', settings.callbackUrl);
    const secrets = input.rotateSecrets ? adapter.newSecrets() : null;
    // Rotation replaces the generated secrets only; pasted ones (takeSecrets) are kept or replaced by new pastes.
    const current: Record<string, string> = row.secrets_enc ? JSON.parse(open(app.config.secretKey, row.secrets_enc)) : {};
    const pasted = input.settings && adapter.takeSecrets ? adapter.takeSecrets(input.settings, current) : {};
    const sealNew = secrets || Object.keys(pasted).length > 0;
    const next = {
      name: input.name ?? row.name,
      settings: JSON.stringify(settings),
      status: input.status ?? row.status,
      ...(sealNew ? { secrets_enc: seal(app.config.secretKey, JSON.stringify({ ...current, ...pasted, ...secrets })) } : {}),
    };
    await tx.updateTable('channels').set(next).where('id', '=', row.id).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'channel.updated',
      actorUserId: input.actorUserId,
      data: { channelId: row.id, status: next.status, rotatedSecrets: !!secrets },
      at: now,
    });
    return { row: { ...row, ...next }, secrets };
  });
  // After the commit, so no process can reload and keep the old row.
  app.channels.changed(input.channelId);
  return out;
}
