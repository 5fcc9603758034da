import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import { open } from '../lib/crypto.js';
import { parseJson } from '../lib/json.js';
import type { ChannelTable, DB } from '../store/schema.js';
import { adapterFor } from './registry.js';
import { withoutNetworkBaseUrl } from '../net/settings-guard.js';

export interface LoadedChannel {
  row: ChannelTable;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
  adapter: ReturnType<typeof adapterFor>;
}

/**
 * Opens a channel row for use. A stored apiBaseUrl (data from before base URLs were fixed) is
 * dropped here unless the operator allows it, so every network call goes to the real host.
 */
export function unsealChannel(row: ChannelTable, config: Config): LoadedChannel {
  return {
    row,
    secrets: row.secrets_enc ? JSON.parse(open(config.secretKey, row.secrets_enc)) : {},
    settings: withoutNetworkBaseUrl(config, parseJson<Record<string, unknown>>(row.settings, {})),
    adapter: adapterFor(row.type),
  };
}

/** Loads a channel by id, optionally scoped to a workspace (every API path passes one). */
export async function loadChannel(db: Kysely<DB>, config: Config, id: string, workspaceId?: string): Promise<LoadedChannel | undefined> {
  let q = db.selectFrom('channels').selectAll().where('id', '=', id);
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  const row = await q.executeTakeFirst();
  return row ? unsealChannel(row, config) : undefined;
}
