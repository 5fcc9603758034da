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

export interface PriorityResult {
  score: number;
  reasons: Array<{ reason: string; points: number }>;
}

export function computePriority(i: PriorityInput, w: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS): PriorityResult {
  const reasons: PriorityResult['reasons'] = [];
  const add = (reason: string, points: number) => {
    if (points) reasons.push({ reason, points: Math.round(points) });
  };
  if (i.sentiment?.label === 'negative') add('negative sentiment', w.negative * Math.max(0.5, -i.sentiment.score));
  if (i.intent?.label === 'complaint') add('complaint', w.complaint);
  if (i.intent?.label === 'question') add('question', w.question);
  if (i.intent?.label === 'purchase') add('purchase intent (lead)', w.purchase);
  if (i.needsReply?.value) add(`needs a reply: ${i.needsReply.reason}`, w.needsReply);
  if (i.troll && i.troll.score >= 0.5) add(`troll-like (${i.troll.score})`, -w.troll * i.troll.score);
  if (i.visibility === 'public') add('public: everyone sees how we answer', w.public);
  if (i.vip) add('VIP contact', w.vip);
  if (i.channelType && w.channels[i.channelType]) add(`channel ${i.channelType}`, w.channels[i.channelType]);
  for (const t of i.topics ?? []) if (w.topics[t]) add(`topic ${t}`, w.topics[t]);
  if (i.sla === 'breached') add('SLA breached', w.slaBreached);
  else if (i.sla === 'warning') add('SLA about to breach', w.slaWarning);
  if (i.waitingMinutes && i.waitingMinutes > 0)
    add(`waiting ${Math.round(i.waitingMinutes)} min`, Math.min(w.waitingCap, (w.waitingPerHour * i.waitingMinutes) / 60));
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
