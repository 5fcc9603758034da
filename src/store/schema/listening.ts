// Listening's row types (see ../schema.ts for the conventions every table follows).

/** Listening (migration 0006, docs/listening.md). */
export interface ListeningQueryTable {
  id: string;
  workspace_id: string;
  name: string;
  query: string;
  kind: 'brand' | 'competitor';
  active: number;
  accent_sensitive: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ListeningSourceTable {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  settings: string; // JSON
  secrets_enc: string | null;
  active: number;
  poll_interval_s: number;
  /** JSON: where the next poll resumes (since_id, time_us…), written with the posts it fetched. */
  cursor: string | null;
  /** JSON: last poll, last error, rate-limit backoff. */
  state: string;
  next_poll_at: number;
  created_at: number;
  updated_at: number;
}

export interface ListeningPostTable {
  id: string;
  workspace_id: string;
  source_id: string;
  source_kind: string;
  source_item_id: string;
  author: string | null;
  author_name: string | null;
  url: string | null;
  text: string;
  text_folded: string;
  lang: string | null;
  posted_at: number;
  extra: string; // JSON
  fetched_at: number;
}

export interface MentionTable {
  id: string;
  workspace_id: string;
  post_id: string;
  source_kind: string;
  lang: string | null;
  sentiment: string | null;
  intent: string | null;
  needs_reply: number | null;
  troll_score: number | null;
  analysis: string; // JSON
  suggestion: 'engage' | 'observe';
  suggestion_reason: string;
  status: 'new' | 'engaged' | 'observed' | 'irrelevant';
  conversation_id: string | null;
  acted_by: string | null;
  acted_at: number | null;
  created_at: number;
}

export interface MentionQueryTable {
  workspace_id: string;
  mention_id: string;
  query_id: string;
}

export interface ListeningAlertRuleTable {
  id: string;
  workspace_id: string;
  name: string;
  kind: 'keyword' | 'volume_spike' | 'negative_spike';
  /** The query watched; null for a keyword rule over every query's mentions. */
  query_id: string | null;
  /** Keyword rules: a listening query expression the mention's text must match. */
  keyword: string | null;
  settings: string; // JSON: windowMinutes, baselineWindows, factor, minVolume
  /** Sealed Slack-compatible incoming webhook URL (it is a credential). */
  webhook_url_enc: string | null;
  /** JSON array of e-mail addresses the alerts also go to (migration 0011). */
  email_recipients: string;
  active: number;
  /** Keyword rules: the newest mention id already looked at. */
  checked_until: string | null;
  last_fired_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ListeningAlertTable {
  id: string;
  workspace_id: string;
  rule_id: string;
  kind: string;
  query_id: string | null;
  message: string;
  mention_ids: string; // JSON array
  data: string; // JSON
  /** Webhook delivery: none (in-app only), pending, sent, failed. */
  delivery: 'none' | 'pending' | 'sent' | 'failed';
  delivery_error: string | null;
  /** E-mail delivery (migration 0011), apart from the webhook's. */
  email_delivery: 'none' | 'pending' | 'sent' | 'failed';
  email_error: string | null;
  read_at: number | null;
  created_at: number;
}
