import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';

/** Row types of the metric rollup tables (migration 0012), kept beside the code that owns them. */

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

export type RollupTables = {
  metric_cycles: MetricCycleTable;
  metric_stale: MetricStaleTable;
  metric_buckets: MetricBucketTable;
  metric_versions: MetricVersionTable;
};
export type RollupDB = DB & RollupTables;

export const rollupDb = (db: Kysely<DB>): Kysely<RollupDB> => db.withTables<RollupTables>();

/**
 * A cycle whose customer messages span more than this is "long": found through its own small
 * index, so every other cycle a period touches lies in [from − LONG_SPAN_MS, to) by its start.
 */
export const LONG_SPAN_MS = 7 * 86_400_000;
