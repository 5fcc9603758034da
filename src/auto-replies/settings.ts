import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseJson } from '../lib/json.js';
import { CUSTOMER_TEXTS } from '../lib/customer-texts/index.js';
import type { DB } from '../store/schema.js';

/**
 * Auto-acknowledge and away messages: a workspace default and per-channel overrides (a channel's
 * own settings replace the default as a whole). Texts may use {{hours}} (the opening hours,
 * rendered from the schedule in its own time zone), {{next_open}} (when the team is back) and
 * {{links}} (the self-help links; appended at the end when the text does not place them).
 * The defaults are Hearken's own words: sent in each customer's language (send-auto-reply.ts).
 */
const ACK = CUSTOMER_TEXTS['autoReply.acknowledge'].en;
const AWAY = CUSTOMER_TEXTS['autoReply.away'].en;

const link = z.object({ label: z.string().trim().min(1).max(80), url: z.url({ protocol: /^https?$/ }).max(500) });

export const autoReplySettingsSchema = z.object({
  enabled: z.boolean().default(false),
  acknowledge: z
    .object({
      enabled: z.boolean().default(true),
      text: z.string().trim().min(1).max(1000).default(ACK),
    })
    .default({ enabled: true, text: ACK }),
  away: z
    .object({
      enabled: z.boolean().default(true),
      text: z.string().trim().min(1).max(1000).default(AWAY),
      links: z.array(link).max(5).default([]),
    })
    .default({ enabled: true, text: AWAY, links: [] }),
  /** Also answer public items (comments, mentions) — in public. Off: only private conversations get auto-replies. */
  publicReplies: z.boolean().default(false),
});
export type AutoReplySettings = z.infer<typeof autoReplySettingsSchema>;

export const DEFAULT_SETTINGS: AutoReplySettings = autoReplySettingsSchema.parse({});

export const WORKSPACE_SCOPE = 'workspace';
const read = (s: string) => autoReplySettingsSchema.parse(parseJson<unknown>(s, {}));

/** The settings in force for a channel: its override, else the workspace default, else off. */
export async function settingsFor(
  db: Kysely<DB>,
  workspaceId: string,
  channelId: string,
): Promise<{ source: 'override' | 'workspace' | 'none'; settings: AutoReplySettings }> {
  const rows = await db
    .selectFrom('auto_reply_settings')
    .select(['scope', 'settings'])
    .where('workspace_id', '=', workspaceId)
    .where('scope', 'in', [WORKSPACE_SCOPE, channelId])
    .execute();
  const own = rows.find((r) => r.scope === channelId);
  if (own) return { source: 'override', settings: read(own.settings) };
  const ws = rows.find((r) => r.scope === WORKSPACE_SCOPE);
  return ws ? { source: 'workspace', settings: read(ws.settings) } : { source: 'none', settings: DEFAULT_SETTINGS };
}

/** Every stored setting of a workspace: the default and each channel's override. */
export async function listSettings(db: Kysely<DB>, workspaceId: string) {
  const rows = await db.selectFrom('auto_reply_settings').selectAll().where('workspace_id', '=', workspaceId).orderBy('scope').execute();
  const ws = rows.find((r) => r.scope === WORKSPACE_SCOPE);
  return {
    default: ws ? read(ws.settings) : DEFAULT_SETTINGS,
    overrides: rows
      .filter((r) => r.scope !== WORKSPACE_SCOPE)
      .map((r) => ({ channelId: r.scope, settings: read(r.settings), updatedAt: new Date(r.updated_at).toISOString() })),
  };
}
