import type { Generated } from 'kysely';

// The journal, pending updates, jobs and the event log: row types (see ../schema.ts for the conventions every table follows).

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
  /** Events before this index are settled: applied, or failed and kept in journal_event_failures (intake/processor.ts). */
  next_event: Generated<number>;
}

/** How far the worker has moved one intake spool segment into the journal (src/intake/spool/drain.ts). */
export interface IntakeSpoolTable {
  segment: string;
  position: number;
}

/** One event of a delivery that failed on its own: retried with its delivery, then kept as failed, with the reason. */
export interface JournalEventFailureTable {
  journal_id: number;
  event_index: number;
  workspace_id: string;
  status: 'retry' | 'failed';
  attempts: number;
  error: string;
  /** The event as intake understood it (JSON), for admins; a retry parses the delivery again. */
  event: string;
  created_at: number;
  updated_at: number;
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
  /** A change made by an automation rule names it (migration 0030); null for people and the system. */
  actor_rule_id?: string | null;
  /** How deep in a chain of rule-made changes this one is (1 = a rule reacting to a person's change). */
  rule_depth?: number | null;
  data: string; // JSON
  created_at: number;
}
