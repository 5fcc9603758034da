// Surveys' and e-mailed reports' row types (see ../schema.ts for the conventions every table follows).

/** Surveys (migration 0008, docs/surveys.md). */
export interface SurveySettingsTable {
  workspace_id: string;
  settings: string; // JSON
  updated_at: number;
}

export interface SurveyTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  kind: 'csat' | 'nps' | 'ces';
  status: 'scheduled' | 'sent' | 'answered' | 'cancelled' | 'skipped' | 'failed';
  status_reason: string | null;
  question: string;
  resolved_at: number;
  send_at: number;
  sent_at: number | null;
  expires_at: number | null;
  delivery: 'buttons' | 'link' | null;
  message_id: string | null;
  score: number | null;
  comment: string | null;
  answered_at: number | null;
  answered_via: string | null;
  wow: number;
  wow_by: string | null;
  wow_at: number | null;
  created_at: number;
}

/** E-mailed reports (migration 0008, docs/reports.md). */
export interface ReportScheduleTable {
  workspace_id: string;
  frequency: 'weekly' | 'monthly';
  recipients: string; // JSON string[]
  enabled: number;
  next_run_at: number | null;
  last_sent_at: number | null;
  last_period: string | null;
  last_error: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}
