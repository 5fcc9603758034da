// The inbox: channels, contacts, conversations, messages and what hangs off them: row types (see ../schema.ts for the conventions every table follows).

export type ConversationKind = 'dm' | 'comment' | 'mention' | 'review' | 'email' | 'chat';
export type Visibility = 'public' | 'private';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Direction = 'in' | 'out' | 'note' | 'activity';
export type AuthorKind = 'customer' | 'human' | 'bot' | 'automation' | 'outside' | 'system';
export type DeliveryStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'needs_human';

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
  /** Set when the person's data was erased (privacy/erase-contact.ts): no name, attributes or identities remain. */
  erased_at?: number | null;
  /** The person's own e-mail, lower-cased (migration 0024); null when unknown. */
  email?: string | null;
  /** The person's phone in E.164 (+4915112345678) (migration 0024); null when unknown. */
  phone?: string | null;
}

export type ContactAttributeType = 'text' | 'number' | 'date' | 'boolean' | 'select';

export interface ContactAttributeDefTable {
  id: string;
  workspace_id: string;
  key: string;
  label: string;
  type: ContactAttributeType;
  options: string; // JSON array of strings (select)
  description: string;
  created_at: number;
  updated_at: number;
}

export interface ContactMergeTable {
  id: string;
  workspace_id: string;
  survivor_id: string;
  merged_id: string;
  /** JSON: what the merge moved and the survivor's details before it (contacts/merge-snapshot.ts). */
  snapshot: string;
  actor_user_id: string | null;
  created_at: number;
  undone_at: number | null;
}

export interface IdentityTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  network: string;
  external_id: string;
  handle: string | null;
  created_at: number;
  /** The team blocked this account on the network (migration 0023, outbox/moderate.ts); null = not blocked. */
  blocked_at?: number | null;
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
  /** Marked spam (migration 0021, conversations/spam/): when, by whom or what, and why; null = not spam. */
  spam_at?: number | null;
  spam_source?: 'agent' | 'triage' | null;
  spam_by?: string | null;
  /** For triage: 'spam' (the intent) or 'troll' (the troll score), and that score. */
  spam_signal?: 'spam' | 'troll' | null;
  spam_score?: number | null;
  /** The last "Not spam": triage leaves alone what arrived before it. */
  spam_cleared_at?: number | null;
  /** Every awaiting customer message was removed (deleted, or hidden): out of the queue, nothing waits. */
  removed_at?: number | null;
  /** Triage signals of the latest customer message (migration 0027): intent confidence 0–1, troll score 0–1. */
  intent_confidence?: number | null;
  troll_score?: number | null;
  /** The computed priority (enrich/rescore.ts): additive score, its parts as JSON [{reason, points}]. */
  priority_score?: number;
  priority_reasons?: string | null;
  /** 1 = an agent set the level by hand: the computation leaves it alone until "automatic". */
  priority_pinned?: number;
  priority_scored_at?: number | null;
  /** When waiting time may next change the score; null = nothing to recompute by time. */
  priority_due_at?: number | null;
  /** Merged into another conversation (migration 0029, conversations/merge/): a tombstone pointing there; null = not merged. */
  merged_into_id?: string | null;
  merged_at?: number | null;
  merged_by?: string | null;
}

export interface ConversationTagTable {
  workspace_id: string;
  conversation_id: string;
  tag: string;
}

/** A managed tag (migration 0022): the name conversation_tags use, with a colour and a description. */
export interface TagTable {
  workspace_id: string;
  name: string;
  /** #rrggbb */
  color: string;
  description: string;
  created_at: number;
  updated_at: number;
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
  /** Set when the text and attachments were erased with the contact (migration 0015); the times stay for the metrics. */
  erased_at?: number | null;
  /** Hidden on the network by the team (migration 0023, outbox/moderate.ts); null = shown. */
  hidden_at?: number | null;
  /** Liked on the network by the brand (migration 0023); null = not liked. */
  liked_at?: number | null;
  /** After a merge: the conversation (network thread) it belongs to when that is not conversation_id (migration 0029); null = this one. */
  origin_conversation_id?: string | null;
}

export type ModerationStatus = 'queued' | 'done' | 'failed';

/** One moderation action queued through the outbox (migration 0023, outbox/queue-outbound.ts queueModeration). */
export interface ModerationActionTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  message_id: string;
  channel_id: string;
  /** hide | unhide | delete | like | block (channels/contract/moderation.ts). */
  action: string;
  status: ModerationStatus;
  /** The network's refusal in its own words (failed), or the last transient error while retrying (queued). */
  error: string | null;
  actor_user_id: string | null;
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

export interface SavedViewTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  name: string;
  filters: string;
  created_at: number;
}

export interface SearchDocTable {
  message_id: string;
  workspace_id: string;
  terms: string;
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
