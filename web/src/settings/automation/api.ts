import { useQuery } from '@tanstack/react-query';
import { get, isMissing, qs } from '../../api/client';
import type { Action, Rule } from './model';

/**
 * The rules API (src/http/routes/rules.ts) and the macros API (src/http/routes/macros.ts) as the
 * web app uses them. A server without the rules engine answers 404 "no route": the page says so.
 */
export const ruleKeys = { rules: ['rules'] as const, log: (ruleId: string) => ['rules', 'log', ruleId] as const };
export const macroKeys = { macros: ['macros'] as const };

export const useRules = () =>
  useQuery({
    queryKey: ruleKeys.rules,
    queryFn: () =>
      get<{ rules: Rule[] }>('/rules').then(
        (r) => r.rules,
        (e: unknown) => (isMissing(e) ? null : Promise.reject(e)),
      ),
  });

export interface Firing {
  id: string;
  ruleId: string;
  ruleName?: string;
  conversationId: string | null;
  actions?: Array<{ type: string; outcome?: string; error?: string | null }> | string[];
  outcome: string;
  error?: string | null;
  firedAt?: string;
  createdAt?: string;
}
export const useRuleLog = (ruleId: string) =>
  useQuery({
    queryKey: ruleKeys.log(ruleId),
    queryFn: () => get<{ firings: Firing[] }>(`/rules/log${qs({ ruleId, limit: 100 })}`).then((r) => r.firings),
  });

/** POST /rules/dry-run: the recent conversations looked at, each matched or not (and which conditions failed). */
export interface DryRunItem {
  conversationId: string;
  at: string;
  subject: string | null;
  preview: string | null;
  matched: boolean;
  failing: string[];
}
export interface DryRunResult {
  looked: number;
  matched: number;
  results: DryRunItem[];
}

export interface Macro {
  id: string;
  name: string;
  description: string;
  shared: boolean;
  ownerId: string | null;
  actions: Action[];
  appliedCount: number;
  lastAppliedAt: string | null;
}
export const useMacros = (enabled = true) =>
  useQuery({
    queryKey: macroKeys.macros,
    queryFn: () =>
      get<{ macros: Macro[] }>('/macros').then(
        (r) => r.macros,
        (e: unknown) => (isMissing(e) ? null : Promise.reject(e)),
      ),
    enabled,
    staleTime: 30_000,
  });

export interface ApplyResult {
  applied: number;
  results: Array<{ conversationId: string; outcome: 'applied' | 'partial' | 'failed'; code?: string; error?: string }>;
}
