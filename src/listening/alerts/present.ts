import { parseJson } from '../../lib/json.js';
import type { ListeningAlertRuleTable, ListeningAlertTable } from '../../store/schema.js';

export interface SpikeSettings {
  windowMinutes: number;
  baselineWindows: number;
  factor: number;
  minVolume: number;
}
export const DEFAULT_SPIKE_SETTINGS: SpikeSettings = { windowMinutes: 60, baselineWindows: 24, factor: 3, minVolume: 10 };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentRule(r: ListeningAlertRuleTable) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    queryId: r.query_id,
    keyword: r.keyword,
    settings: { ...DEFAULT_SPIKE_SETTINGS, ...parseJson<Partial<SpikeSettings>>(r.settings, {}) },
    webhook: r.webhook_url_enc !== null,
    emailRecipients: parseJson<string[]>(r.email_recipients, []),
    active: r.active === 1,
    lastFiredAt: iso(r.last_fired_at),
    createdAt: iso(r.created_at),
  };
}

export function presentAlert(a: ListeningAlertTable, posts: Array<{ mentionId: string; url: string | null; text: string; author: string | null }> = []) {
  return {
    id: a.id,
    ruleId: a.rule_id,
    kind: a.kind,
    queryId: a.query_id,
    message: a.message,
    mentionIds: parseJson<string[]>(a.mention_ids, []),
    /** The posts that caused it (the first 20). */
    posts,
    data: parseJson<Record<string, unknown>>(a.data, {}),
    delivery: a.delivery,
    deliveryError: a.delivery_error,
    emailDelivery: a.email_delivery,
    emailError: a.email_error,
    read: a.read_at !== null,
    createdAt: iso(a.created_at),
  };
}
