// What agents and automations answer with: saved replies, tone rules, WhatsApp templates (migration 0009), auto-replies: row types (see ../schema.ts for the conventions every table follows).

export interface SavedReplyTable {
  id: string;
  workspace_id: string;
  name: string;
  body: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A workspace's own tone rule, or a switch that turns a built-in phrase off (enabled = 0). */
export interface ToneRuleTable {
  id: string;
  workspace_id: string;
  language: string;
  kind: 'dismissive' | 'blame' | 'apology';
  phrase: string;
  reason: string | null;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A WhatsApp message template of a channel, as last synced (migration 0009, channel-admin/sync-templates.ts). */
export interface ChannelTemplateTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  external_id: string | null;
  name: string;
  language: string;
  status: string;
  category: string;
  /** JSON: the template's components as the Business Management API returned them. */
  components: string;
  /** How many {{…}} variables the BODY has: a send must fill exactly these. */
  body_params: number;
  synced_at: number;
}

export interface AutoReplySettingsTable {
  workspace_id: string;
  /** "workspace" = the default; else a channel id. */
  scope: string;
  settings: string;
  updated_by: string | null;
  updated_at: number;
}

export interface AutoReplySendTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  kind: 'ack' | 'away';
  period_key: string;
  message_id: string | null;
  outcome: 'pending' | 'sent' | 'skipped';
  reason: string | null;
  created_at: number;
}
