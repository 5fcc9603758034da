import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get, qs } from '../api/client';

export interface ListeningQuery {
  id: string;
  name: string;
  query: string;
  kind: 'brand' | 'competitor';
  active: boolean;
  accentSensitive: boolean;
  relevant: number;
  irrelevant: number;
  precision: number | null;
  updatedAt: string;
}

export interface ListeningPost {
  id: string;
  source: string;
  sourceItemId: string;
  author: string | null;
  authorName: string | null;
  url: string | null;
  text: string;
  lang: string | null;
  postedAt: string;
}

export interface Mention {
  id: string;
  status: 'new' | 'engaged' | 'observed' | 'irrelevant';
  suggestion: 'engage' | 'observe';
  suggestionReason: string;
  source: string;
  post: ListeningPost;
  queries: Array<{ id: string; name: string; kind: string }>;
  lang: string | null;
  sentiment: string | null;
  intent: string | null;
  trollScore: number | null;
  conversationId: string | null;
}

export interface ListeningSource {
  id: string;
  kind: string;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, boolean>;
  active: boolean;
  pollIntervalSeconds: number;
  nextPollAt: string | null;
  state: { lastPolledAt: string | null; lastError: string | null; backoffUntil: string | null; totalStored: number };
}

export const lkeys = {
  queries: ['listening', 'queries'] as const,
  sources: ['listening', 'sources'] as const,
  mentions: (f: Record<string, string>) => ['listening', 'mentions', f] as const,
};

export const useListeningQueries = () =>
  useQuery({ queryKey: lkeys.queries, queryFn: () => get<{ queries: ListeningQuery[] }>('/listening/queries').then((r) => r.queries) });
export const useListeningSources = () =>
  useQuery({ queryKey: lkeys.sources, queryFn: () => get<{ sources: ListeningSource[] }>('/listening/sources').then((r) => r.sources) });

export function useMentions(filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: lkeys.mentions(filters),
    queryFn: ({ pageParam }) => get<{ mentions: Mention[]; nextCursor: string | null }>(`/listening/mentions${qs({ ...filters, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // New mentions arrive with each poll of the sources: the feed looks again every half minute.
    refetchInterval: 30_000,
  });
}

export interface ListeningAlert {
  id: string;
  ruleId: string;
  kind: 'keyword' | 'volume_spike' | 'negative_spike';
  message: string;
  posts: Array<{ mentionId: string; url: string | null; text: string; author: string | null }>;
  delivery: 'none' | 'pending' | 'sent' | 'failed';
  deliveryError: string | null;
  emailDelivery: 'none' | 'pending' | 'sent' | 'failed';
  emailError: string | null;
  read: boolean;
  createdAt: string;
}

export interface AlertRule {
  id: string;
  name: string;
  kind: ListeningAlert['kind'];
  queryId: string | null;
  keyword: string | null;
  settings: { windowMinutes: number; baselineWindows: number; factor: number; minVolume: number };
  webhook: boolean;
  emailRecipients: string[];
  active: boolean;
  lastFiredAt: string | null;
}

export const useAlerts = () =>
  useQuery({
    queryKey: ['listening', 'alerts'],
    queryFn: () => get<{ alerts: ListeningAlert[]; unread: number }>('/listening/alerts?limit=50'),
    refetchInterval: 30_000,
  });
export const useAlertRules = () =>
  useQuery({ queryKey: ['listening', 'alert-rules'], queryFn: () => get<{ rules: AlertRule[] }>('/listening/alert-rules').then((r) => r.rules) });
