import type { Config } from '../config/index.js';
import { parseJson } from '../lib/json.js';
import type { ChannelTable } from '../store/schema.js';
import { capabilitiesOf } from '../channels/registry.js';

/** A channel as the API shows it: never its secrets (those are shown once, at creation or rotation). */
export function presentChannel(row: ChannelTable, config: Config) {
  const settings = parseJson<Record<string, unknown>>(row.settings, {});
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status,
    settings,
    capabilities: capabilitiesOf(row.type, settings),
    webhookUrl: `${config.publicUrl}/webhooks/${row.id}`,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
