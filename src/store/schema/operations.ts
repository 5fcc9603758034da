import type { Generated } from 'kysely';

// Operations: the audit trail (migration 0015; see ../schema.ts for the conventions every table follows).

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  /** The member who acted; null for the command line and the system. */
  actor_user_id: string | null;
  /** How the actor is shown: "Olivia Owner <o@x>", "API token ci-bot", "command line". */
  actor: string;
  /** Stable dotted name: contact.erased, contact.exported, channel.updated, member.invited… */
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON: what changed, never message text or secrets. */
  data: string;
  created_at: number;
}

/** Per-workspace data retention (migration 0018, src/retention): days kept per kind, null = forever. */
export interface RetentionSettingsTable {
  workspace_id: string;
  journal_days: number | null;
  events_days: number | null;
  media_days: number | null;
  conversations_days: number | null;
  /** The event purge has decided every event of the workspace up to this id (src/retention/purge-events.ts). */
  events_after: Generated<number>;
  /** The media purge has decided every message up to this id (src/retention/purge-media.ts). */
  media_after: Generated<string>;
  removed_journal: Generated<number>;
  removed_events: Generated<number>;
  removed_media: Generated<number>;
  removed_conversations: Generated<number>;
  removed_messages: Generated<number>;
  removed_files: Generated<number>;
  updated_by: string | null;
  updated_at: number;
}

/** One retention run of one workspace; its counts move with each batch it deletes. */
export interface RetentionRunTable {
  id: string;
  workspace_id: string;
  trigger: 'schedule' | 'manual' | 'cli';
  actor_user_id: string | null;
  started_at: number;
  /** Moved with every batch: a run whose heartbeat is old was interrupted and may be taken over. */
  heartbeat_at: number;
  finished_at: number | null;
  journal: Generated<number>;
  events: Generated<number>;
  media: Generated<number>;
  conversations: Generated<number>;
  messages: Generated<number>;
  files: Generated<number>;
  error: string | null;
}

/** A stored file whose reference a retention run removed: deleted by the sweep unless something still uses it. */
export interface RetentionMediaKeyTable {
  workspace_id: string;
  key: string;
  added_at: number;
}
