/**
 * An explainable priority: additive points from rules a workspace sets (topic, VIP, public vs
 * private, channel) plus signals from the analysis. Every point comes with its reason, so the
 * queue can show "why this is high".
 */
import type { IntentResult } from './intent.js';
import type { NeedsReplyResult } from './needs-reply.js';
import type { SentimentResult } from './sentiment.js';
import type { TrollResult } from './troll.js';

export interface PriorityWeights {
  negative: number;
  complaint: number;
  question: number;
  purchase: number;
  needsReply: number;
  /** Subtracted, times the troll score. */
  troll: number;
  public: number;
  vip: number;
  /** Per waiting hour, capped at waitingCap. */
  waitingPerHour: number;
  waitingCap: number;
  /** Extra points per tag/topic, e.g. { outage: 30, refund: 10 }. */
  topics: Record<string, number>;
  /** Extra points per channel type, e.g. { x: 5 }. */
  channels: Record<string, number>;
  /** An SLA clock passed its warning time / its due time without an answer. */
  slaWarning: number;
  slaBreached: number;
  /** The lowest score of each computed level (below `normal` it is low). */
  levels: { urgent: number; high: number; normal: number };
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = {
  negative: 20,
  complaint: 25,
  question: 15,
  purchase: 15,
  needsReply: 20,
  troll: 30,
  public: 10,
  vip: 30,
  waitingPerHour: 5,
  waitingCap: 40,
  topics: {},
  channels: {},
  slaWarning: 20,
  slaBreached: 40,
  levels: { urgent: 80, high: 45, normal: 10 },
};

export interface PriorityInput {
  sentiment?: Pick<SentimentResult, 'label' | 'score'> & Partial<SentimentResult>;
  intent?: Pick<IntentResult, 'label'> & Partial<IntentResult>;
  needsReply?: NeedsReplyResult;
  troll?: Pick<TrollResult, 'score'> & Partial<TrollResult>;
  visibility?: 'public' | 'private';
  vip?: boolean;
  channelType?: string;
  topics?: string[];
  waitingMinutes?: number;
  /** The most pressing state of the conversation's running SLA clocks. */
  sla?: 'warning' | 'breached' | null;
}

/**
 * One part of the score. `code` names the rule (for clients that word it themselves, e.g. the web
 * app's catalog) and `detail` its variable part (minutes waiting, troll score, needs-reply's why,
 * channel or topic); `reason` is the same in English.
 */
export interface PriorityReason {
  code:
    | 'negative'
    | 'complaint'
    | 'question'
    | 'purchase'
    | 'needs_reply'
    | 'troll'
    | 'public'
    | 'vip'
    | 'channel'
    | 'topic'
    | 'sla_breached'
    | 'sla_warning'
    | 'waiting';
  reason: string;
  points: number;
  detail?: string;
}

export interface PriorityResult {
  score: number;
  reasons: PriorityReason[];
}

export function computePriority(i: PriorityInput, w: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS): PriorityResult {
  const reasons: PriorityResult['reasons'] = [];
  const add = (code: PriorityReason['code'], reason: string, points: number, detail?: string) => {
    if (points) reasons.push({ code, reason, points: Math.round(points), ...(detail === undefined ? {} : { detail }) });
  };
  if (i.sentiment?.label === 'negative') add('negative', 'negative sentiment', w.negative * Math.max(0.5, -i.sentiment.score));
  if (i.intent?.label === 'complaint') add('complaint', 'complaint', w.complaint);
  if (i.intent?.label === 'question') add('question', 'question', w.question);
  if (i.intent?.label === 'purchase') add('purchase', 'purchase intent (lead)', w.purchase);
  if (i.needsReply?.value) add('needs_reply', `needs a reply: ${i.needsReply.reason}`, w.needsReply, i.needsReply.reason);
  if (i.troll && i.troll.score >= 0.5) add('troll', `troll-like (${i.troll.score})`, -w.troll * i.troll.score, String(i.troll.score));
  if (i.visibility === 'public') add('public', 'public: everyone sees how we answer', w.public);
  if (i.vip) add('vip', 'VIP contact', w.vip);
  if (i.channelType && w.channels[i.channelType]) add('channel', `channel ${i.channelType}`, w.channels[i.channelType], i.channelType);
  for (const t of i.topics ?? []) if (w.topics[t]) add('topic', `topic ${t}`, w.topics[t], t);
  if (i.sla === 'breached') add('sla_breached', 'SLA breached', w.slaBreached);
  else if (i.sla === 'warning') add('sla_warning', 'SLA about to breach', w.slaWarning);
  if (i.waitingMinutes && i.waitingMinutes > 0) {
    const minutes = Math.round(i.waitingMinutes);
    add('waiting', `waiting ${minutes} min`, Math.min(w.waitingCap, (w.waitingPerHour * i.waitingMinutes) / 60), String(minutes));
  }
  reasons.sort((a, b) => b.points - a.points);
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

/** The level a computed score stands for (lib/priority.ts names); never "none", which means "not set". */
export function priorityLevel(score: number, w: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS): 'urgent' | 'high' | 'normal' | 'low' {
  if (score >= w.levels.urgent) return 'urgent';
  if (score >= w.levels.high) return 'high';
  if (score >= w.levels.normal) return 'normal';
  return 'low';
}
