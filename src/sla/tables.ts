import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/** Row types of the SLA tables (migration 0007), kept beside the code that owns them. */

export type SlaTarget = 'first_response' | 'next_response' | 'resolution';
export const SLA_TARGETS: readonly SlaTarget[] = ['first_response', 'next_response', 'resolution'];
export type SlaTimeMode = 'business' | 'calendar';
export type ClockStatus = 'running' | 'met' | 'breached' | 'cancelled';

export interface SlaPolicyTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  enabled: number;
  match: string;
  time_mode: SlaTimeMode;
  first_response_ms: number | null;
  next_response_ms: number | null;
  resolution_ms: number | null;
  warn_percent: number;
  created_at: number;
  updated_at: number;
}

export interface SlaClockTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  policy_id: string;
  policy_name: string;
  target: SlaTarget;
  target_ms: number;
  time_mode: SlaTimeMode;
  started_at: number;
  due_at: number | null;
  warn_at: number | null;
  stopped_at: number | null;
  status: ClockStatus;
  warned_at: number | null;
  breached_at: number | null;
  created_at: number;
  updated_at: number;
}

export type SlaTables = { sla_policies: SlaPolicyTable; sla_clocks: SlaClockTable };
export type SlaDB = DB & SlaTables;

export const slaDb = (db: Kysely<DB>): Kysely<SlaDB> => db.withTables<SlaTables>();
