import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import { open } from '../lib/crypto.js';
import { parseJson } from '../lib/json.js';
import type { ChannelTable, DB } from '../store/schema.js';
import { adapterFor } from './registry.js';

export interface LoadedChannel {
  row: ChannelTable;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
  adapter: ReturnType<typeof adapterFor>;
}

export function unsealChannel(row: ChannelTable, config: Config): LoadedChannel {
  return {
    row,
    secrets: row.secrets_enc ? JSON.parse(open(config.secretKey, row.secrets_enc)) : {},
    settings: parseJson(row.settings, {}),
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
