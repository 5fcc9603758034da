import type { Generated } from 'kysely';
import type {
  ListeningQueryTable,
  ListeningSourceTable,
  ListeningPostTable,
  MentionTable,
  MentionQueryTable,
  ListeningAlertRuleTable,
  ListeningAlertTable,
} from './schema-listening.js';
import type { SurveySettingsTable, SurveyTable, ReportScheduleTable } from './schema-surveys.js';

/**
 * Row types for every table. Conventions, the same on both dialects:
 * - ids are text (time-ordered, see lib/ids.ts), except the journal and event log whose
 *   integer ids are cursors;
 * - timestamps are epoch milliseconds (bigint on PostgreSQL, parsed back to numbers);
 * - JSON is stored as text and parsed in code; booleans are 0/1 integers.
 */

export type Role = 'owner' | 'admin' | 'agent' | 'viewer';
export type ConversationKind = 'dm' | 'comment' | 'mention' | 'review' | 'email' | 'chat';
export type Visibility = 'public' | 'private';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Direction = 'in' | 'out' | 'note' | 'activity';
export type AuthorKind = 'customer' | 'human' | 'bot' | 'automation' | 'outside' | 'system';
export type DeliveryStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'needs_human';

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: number;
  /** JSON: per-member preferences (notifications, signature); see me/settings. */
  settings: Generated<string>;
}

export interface SavedReplyTable {
  id: string;
  workspace_id: string;
  name: string;
  body: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The public item (post, media, tweet) a comment or mention lives under, once per channel + item. */
export interface PostContextTable {
  channel_id: string;
  item_id: string;
  workspace_id: string;
  status: 'pending' | 'ready' | 'unavailable';
  source: 'webhook' | 'thread' | 'network' | null;
  text: string | null;
  author_name: string | null;
  author_handle: string | null;
  permalink: string | null;
  posted_at: number | null;
  media_url: string | null;
  error: string | null;
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

export interface SavedViewTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  name: string;
  filters: string;
  created_at: number;
}

export interface TeamTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ChannelTable {
  id: string;
  workspace_id: string;
  type: string;
  name: string;
  /** AES-256-GCM sealed JSON of credentials (see lib/crypto.ts). */
  secrets_enc: string | null;
  settings: string; // JSON
  status: string;
  created_at: number;
}

export interface ContactTable {
  id: string;
  workspace_id: string;
  name: string | null;
  attributes: string; // JSON
  merged_into_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface IdentityTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  network: string;
  external_id: string;
  handle: string | null;
  created_at: number;
}

export interface ConversationTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  contact_id: string;
  kind: ConversationKind;
  visibility: Visibility;
  status: ConversationStatus;
  priority: number; // 0 none … 4 urgent
  assignee_id: string | null;
  team_id: string | null;
  subject: string | null;
  /** The key threading uses to find this conversation again (see intake/threading.ts). */
  thread_key: string;
  /** For comments: the public item (post, media, tweet) the thread lives under. */
  public_item_id: string | null;
  /** A private conversation opened from a public one points at it. */
  linked_conversation_id: string | null;
  snoozed_until: number | null;
  last_message_at: number;
  /** Since when the customer has been waiting for an answer; null when answered. */
  waiting_since: number | null;
  last_inbound_at: number | null;
  language: string | null;
  sentiment: string | null;
  intent: string | null;
  /** 1 / 0 from the triage engine's needs-reply for the latest customer message; null = not analysed. */
  needs_reply: number | null;
  unread: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  /** The nearest due time of the conversation's running SLA clocks (migration 0007, src/sla); null = none. */
  sla_due_at?: number | null;
}

export interface ConversationTagTable {
  workspace_id: string;
  conversation_id: string;
  tag: string;
}

export interface MessageTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  direction: Direction;
  author_kind: AuthorKind;
  author_user_id: string | null;
  visibility: Visibility;
  body: string;
  attachments: string; // JSON array
  external_id: string | null;
  reply_to_external_id: string | null;
  network_ts: number | null;
  received_at: number;
  delivery_status: DeliveryStatus;
  delivery_error: string | null;
  edited_at: number | null;
  deleted_at: number | null;
  created_at: number;
  /** Triage of customer messages (enrich/), filled shortly after intake by the enrichment worker. */
  language: string | null;
  sentiment: string | null;
  intent: string | null;
  /** JSON: the full analysis (needs-reply, troll score, PII spans). */
  analysis: string | null;
  enriched_at: number | null;
  /** JSON [{label, payload}]: answer buttons (surveys, migration 0008); absent/null = none. */
  buttons?: string | null;
}

export interface JournalTable {
  id: Generated<number>;
  workspace_id: string;
  channel_id: string;
  received_at: number;
  headers: string; // JSON
  body: string;
  status: 'pending' | 'processed' | 'failed';
  attempts: number;
  error: string | null;
  processed_at: number | null;
}

/** Edits/deletes/statuses that arrived before the message they refer to. */
export interface PendingUpdateTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  external_id: string;
  kind: string;
  payload: string;
  created_at: number;
}

export interface JobTable {
  id: string;
  workspace_id: string | null;
  name: string;
  version: number;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'needs_human';
  attempts: number;
  run_at: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface EventTable {
  id: Generated<number>;
  workspace_id: string;
  type: string;
  conversation_id: string | null;
  actor_user_id: string | null;
  data: string; // JSON
  created_at: number;
}

export interface SearchDocTable {
  message_id: string;
  workspace_id: string;
  terms: string;
}

export interface LoginAttemptTable {
  key: string;
  window_start: number;
  count: number;
}

// Row types of the later rooms live beside this file; re-exported so every import stays `./schema.js`.
export type {
  ListeningQueryTable,
  ListeningSourceTable,
  ListeningPostTable,
  MentionTable,
  MentionQueryTable,
  ListeningAlertRuleTable,
  ListeningAlertTable,
} from './schema-listening.js';
export type { SurveySettingsTable, SurveyTable, ReportScheduleTable } from './schema-surveys.js';

export interface DB {
  workspaces: WorkspaceTable;
  users: UserTable;
  memberships: MembershipTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  channels: ChannelTable;
  contacts: ContactTable;
  identities: IdentityTable;
  conversations: ConversationTable;
  conversation_tags: ConversationTagTable;
  messages: MessageTable;
  journal: JournalTable;
  pending_updates: PendingUpdateTable;
  jobs: JobTable;
  events: EventTable;
  search_docs: SearchDocTable;
  login_attempts: LoginAttemptTable;
  saved_replies: SavedReplyTable;
  saved_views: SavedViewTable;
  survey_settings: SurveySettingsTable;
  surveys: SurveyTable;
  report_schedules: ReportScheduleTable;
  listening_queries: ListeningQueryTable;
  listening_sources: ListeningSourceTable;
  listening_posts: ListeningPostTable;
  mentions: MentionTable;
  mention_queries: MentionQueryTable;
  listening_alert_rules: ListeningAlertRuleTable;
  listening_alerts: ListeningAlertTable;
  post_contexts: PostContextTable;
  tone_rules: ToneRuleTable;
  media_uploads: MediaUploadTable;
}

/** A file an agent uploaded to send (migration 0013); the bytes are in the media store under `key`. */
export interface MediaUploadTable {
  id: string;
  workspace_id: string;
  key: string;
  content_type: string;
  size: number;
  name: string;
  uploaded_by: string | null;
  created_at: number;
}
