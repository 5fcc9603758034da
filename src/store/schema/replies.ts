// What agents and automations answer with: saved replies, tone rules, WhatsApp templates (migration 0009), auto-replies: row types (see ../schema.ts for the conventions every table follows).

export interface SavedReplyTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The main text: what is sent when no translation fits the conversation's language. */
  body: string;
  /** The main text's language, when the author said (migration 0032); null = not said. */
  language?: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** One language's text of a saved reply (migration 0032, saved-replies/pick-body.ts chooses). */
export interface SavedReplyTranslationTable {
  workspace_id: string;
  saved_reply_id: string;
  /** A BCP-47 tag in canonical case: "vi", "pt-BR", "zh-Hant". */
  language: string;
  body: string;
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

/** A reply waiting before the outbox: proposed for approval and/or scheduled (migration 0026, held-replies/). */
export interface HeldReplyTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  author_user_id: string | null;
  author_kind: 'human' | 'bot' | 'automation';
  status: 'proposed' | 'scheduled' | 'sent' | 'rejected' | 'cancelled' | 'failed';
  /** 1 = the approval policy applied when it was written (it stays 1 after approval, for the record). */
  needs_approval: number;
  /** Which policy rule held it, in words, for the approver and the author. */
  policy_reason: string | null;
  text: string;
  /** The author's text when an approver edited it before accepting. */
  original_text: string | null;
  /** null = the conversation's own visibility. */
  visibility: 'public' | 'private' | null;
  reply_to_message_id: string | null;
  public_note: string | null;
  then_status: 'open' | 'pending' | 'resolved' | null;
  allow_personal_data: number;
  /** JSON: uploaded media ids, checked again when released. */
  attachments: string;
  /** When it is to be sent; null = as soon as it is approved. */
  send_at: number | null;
  /** The approver who accepted or rejected it. */
  decided_by: string | null;
  decided_at: number | null;
  reject_reason: string | null;
  /** The outbound message it became. */
  message_id: string | null;
  /** Why it could not be sent when released (the reply checks' own words). */
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface ApprovalPolicyTable {
  workspace_id: string;
  /** JSON: held-replies/policy.ts. */
  policy: string;
  updated_by: string | null;
  updated_at: number;
}
