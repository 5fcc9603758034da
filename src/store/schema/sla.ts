// SLA policies and clocks (migration 0007, src/sla): row types (see ../schema.ts for the conventions every table follows).

export type SlaTarget = 'first_response' | 'next_response' | 'resolution';
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

export interface SlaFollowerTable {
  name: string;
  last_event_id: number;
  updated_at: number;
}
