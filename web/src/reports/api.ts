import { useQuery } from '@tanstack/react-query';
import { get, qs } from '../api/client';

export interface MetricDef {
  key: string;
  label: string;
  unit: 'count' | 'ratio' | 'seconds' | 'score';
}
export interface MetricsRow {
  key: Record<string, string>;
  labels: Record<string, string>;
  metrics: Record<string, number | null>;
}
export interface MetricsReport {
  from: string;
  to: string;
  timeZone: string;
  by: string[];
  metrics: MetricDef[];
  rows: MetricsRow[];
  total: { metrics: Record<string, number | null> };
}
export interface DashboardExtras {
  firstResponseDistribution: Array<{ key: string; label: string; count: number }>;
  sentimentMix: Record<string, number>;
}
export interface SurveyAnswer {
  id: string;
  conversationId: string;
  kind: 'csat' | 'nps' | 'ces';
  score: number;
  band: string | null;
  comment: string | null;
  answeredAt: string;
  answeredVia: string;
  wow: boolean;
}
export interface SurveySettings {
  kind: 'off' | 'csat' | 'nps' | 'ces';
  delayMinutes: number;
  channels: Record<string, boolean>;
  question: string | null;
  linkTtlDays: number;
}
export interface ReportSchedule {
  enabled: boolean;
  frequency: 'weekly' | 'monthly';
  recipients: string[];
  nextRunAt: string | null;
  lastSentAt: string | null;
  lastPeriod: string | null;
  lastError: string | null;
}

/** The filters of the whole screen; they become the query string of every request. */
export interface ReportFilters {
  from: string;
  to: string;
  channel: string;
  kind: string;
  team: string;
  agent: string;
  tag: string;
  time: 'calendar' | 'business';
}

export const filterQuery = (f: ReportFilters, extra: Record<string, string> = {}) => qs({ ...f, ...extra });

export const useMetrics = (f: ReportFilters, by: string) =>
  useQuery({ queryKey: ['reports', 'metrics', f, by], queryFn: () => get<MetricsReport>(`/metrics${filterQuery(f, by ? { by } : {})}`), staleTime: 30_000 });

export const useDashboardExtras = (f: ReportFilters) =>
  useQuery({ queryKey: ['reports', 'extras', f], queryFn: () => get<DashboardExtras>(`/reports/dashboard${filterQuery(f)}`), staleTime: 30_000 });

/** Spam marked and un-marked in the range (README "Metric definitions": Spam). */
export interface SpamCounts {
  marked: { total: number; byAgent: number; byTriage: number };
  notSpam: { total: number; falsePositives: number };
  inFolder: number;
}
export const useSpamCounts = (f: ReportFilters) =>
  useQuery({
    queryKey: ['reports', 'spam', f.from, f.to],
    queryFn: () => get<SpamCounts>(`/metrics/spam${qs({ from: f.from, to: f.to })}`),
    staleTime: 30_000,
  });

export const useFeedback = () =>
  useQuery({
    queryKey: ['reports', 'feedback'],
    queryFn: () => get<{ surveys: SurveyAnswer[] }>('/surveys?limit=20').then((r) => r.surveys),
    staleTime: 10_000,
  });
export const useSurveySettings = () => useQuery({ queryKey: ['reports', 'survey-settings'], queryFn: () => get<SurveySettings>('/survey-settings') });
export const useReportSchedule = () => useQuery({ queryKey: ['reports', 'schedule'], queryFn: () => get<ReportSchedule>('/reports/schedule') });
