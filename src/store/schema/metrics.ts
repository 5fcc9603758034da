// Metric rollups (migration 0012, src/metrics/rollup) and business hours (migration 0004, src/hours): row types (see ../schema.ts for the conventions every table follows).

export interface MetricCycleTable {
  conversation_id: string;
  idx: number;
  workspace_id: string;
  channel_id: string;
  kind: string;
  agent_id: string | null;
  team_id: string | null;
  tags: string;
  start_at: number;
  last_at: number;
  long_span: number;
  inbound: string;
  fr_at: number | null;
  fr_by: string | null;
  fr_cal: number | null;
  fr_biz: number | null;
  next: string;
  resolved_at: number | null;
  res_cal: number | null;
  res_biz: number | null;
  reopened: number;
  survey_kind: string | null;
  survey_score: number | null;
  sla: string;
}

export interface MetricStaleTable {
  conversation_id: string;
  workspace_id: string;
  mark: number;
  marked_at: number;
}

export interface MetricBucketTable {
  workspace_id: string;
  dim: string;
  day: number;
  value: string;
  data: string;
  data_biz: string;
}

export interface MetricVersionTable {
  workspace_id: string;
  version: number;
}

/** A version of a workspace's (or one channel's) business hours, in force from effective_from (migration 0004, src/hours). */
export interface BusinessHoursTable {
  id: string;
  workspace_id: string;
  /** null = the workspace default. */
  channel_id: string | null;
  effective_from: number;
  /** JSON WeeklyHours; null = a channel goes back to the workspace default from effective_from. */
  hours: string | null;
  created_by: string | null;
  created_at: number;
}
