import { businessMsBetween } from '../hours/business-time.js';
import type { ScheduleVersion } from '../hours/schedule.js';
import type { ConversationTimeline, TimelineMessage } from './timeline.js';

/**
 * The metric rules (docs/metrics.md), as one pure function from a conversation's timeline to its
 * facts. A conversation is cut into CYCLES: the first runs from its start, and every reopen
 * (any status change out of "resolved") starts the next. A cycle in which the customer wrote
 * is a "customer cycle"; every cycle metric is about customer cycles only.
 */

export interface Duration {
  /** Calendar milliseconds. */
  cal: number;
  /** Business milliseconds (the channel's hours in force at each instant). */
  biz: number;
}

export interface CycleFact {
  conversationId: string;
  channelId: string;
  kind: string;
  /** Assignee and team when the cycle ended (resolution), or now while it is open. */
  agentId: string | null;
  teamId: string | null;
  tags: string[];
  /** 0 = the conversation's first customer cycle; > 0 = started by a reopen. */
  index: number;
  /** The customer's first message of the cycle: starts the first-response clock. */
  start: number;
  /** Times of the customer's messages in the cycle (volume). */
  inbound: number[];
  /** Their sentiment labels, in the same order (null = not analysed yet). */
  inboundSentiment: Array<string | null>;
  firstResponse: (Duration & { at: number; byUserId: string | null }) | null;
  /** Each later wait of the customer, answered: from their message to the next human reply. */
  nextResponses: Array<Duration & { start: number }>;
  resolvedAt: number | null;
  resolution: Duration | null;
  /** The resolution did not stick: the conversation was reopened after it. */
  reopened: boolean;
  /** The customer's survey answer about this cycle, when there is one (attached by surveys/survey-facts.ts). */
  survey?: { kind: 'csat' | 'nps' | 'ces'; score: number } | null;
  /** The SLA clocks started in this cycle (attached by sla/sla-facts.ts; judged per report, metrics/summary.ts). */
  slaClocks?: SlaClockFact[];
  /** Outcomes already judged, for facts built by hand (tests); slaClocks win when both are there. */
  sla?: Array<{ target: string; met: boolean }>;
}

export interface SlaClockFact {
  target: string;
  status: string;
  dueAt: number | null;
  stoppedAt: number | null;
}

/** Replies that answer the customer: by a person, in Hearken or natively on the network (echo). */
export function isHumanReply(m: TimelineMessage): boolean {
  return (
    m.direction === 'out' && (m.authorKind === 'human' || m.authorKind === 'outside') && m.deliveryStatus !== 'failed' && m.deliveryStatus !== 'needs_human'
  );
}

// Customer messages sort before replies written in the same millisecond: such a reply answers them.
const byTime = (a: TimelineMessage, b: TimelineMessage) =>
  a.at - b.at || (a.direction === b.direction ? a.id.localeCompare(b.id) : a.direction === 'in' ? -1 : 1);

/** Value of an assignment field at time t, from the event log (else the conversation's current value). */
function assignedAt(tl: ConversationTimeline, t: number, field: 'assigneeId' | 'teamId'): string | null {
  const evs = [...tl.assignments].sort((a, b) => a.at - b.at || a.seq - b.seq);
  if (evs.length === 0) return tl[field];
  let value: string | null | undefined;
  for (const e of evs) if (e.at <= t) value = e[field];
  if (value !== undefined) return value;
  return field === 'assigneeId' ? evs[0].previousAssigneeId : evs[0].previousTeamId;
}

export function conversationFacts(tl: ConversationTimeline, hours: readonly ScheduleVersion[]): CycleFact[] {
  const changes = [...tl.statusChanges].sort((a, b) => a.at - b.at || a.seq - b.seq);
  // Cycle boundaries: the instants of reopens, on Hearken's clock (the one messages arrive on).
  const reopens = changes.filter((c) => c.from === 'resolved' && c.to !== 'resolved');
  const cycleOf = (arrival: number) => {
    let i = 0;
    while (i < reopens.length && reopens[i].at <= arrival) i++;
    return i;
  };
  const span = (a: number, b: number): Duration => ({ cal: Math.max(0, b - a), biz: businessMsBetween(hours, a, b) });

  const facts: CycleFact[] = [];
  for (let k = 0; k <= reopens.length; k++) {
    const opened = k === 0 ? -Infinity : reopens[k - 1].at;
    const closed = k < reopens.length ? reopens[k].at : Infinity;
    const msgs = tl.messages.filter((m) => cycleOf(m.arrival) === k).sort(byTime);
    const inbound = msgs.filter((m) => m.direction === 'in');
    if (inbound.length === 0) continue;
    const start = inbound[0].at;

    const firstIdx = msgs.findIndex((m) => isHumanReply(m) && m.at >= start);
    const first = firstIdx >= 0 ? msgs[firstIdx] : undefined;
    const nextResponses: CycleFact['nextResponses'] = [];
    if (first) {
      let waitingFrom: number | null = null;
      for (const m of msgs.slice(firstIdx + 1)) {
        if (m.direction === 'in' && waitingFrom === null) waitingFrom = m.at;
        else if (waitingFrom !== null && isHumanReply(m)) {
          nextResponses.push({ start: waitingFrom, ...span(waitingFrom, m.at) });
          waitingFrom = null;
        }
      }
    }

    // The resolution that ends this cycle: the last change to "resolved" before the next reopen.
    let resolvedAt: number | null = null;
    for (const c of changes) if (c.to === 'resolved' && c.at >= opened && c.at < closed) resolvedAt = c.at;
    const end = resolvedAt ?? Infinity;
    facts.push({
      conversationId: tl.id,
      channelId: tl.channelId,
      kind: tl.kind,
      agentId: assignedAt(tl, end, 'assigneeId'),
      teamId: assignedAt(tl, end, 'teamId'),
      tags: tl.tags,
      index: facts.length,
      start,
      inbound: inbound.map((m) => m.at),
      inboundSentiment: inbound.map((m) => m.sentiment ?? null),
      firstResponse: first ? { at: first.at, byUserId: first.authorUserId, ...span(start, first.at) } : null,
      nextResponses,
      resolvedAt,
      resolution: resolvedAt === null ? null : span(start, resolvedAt),
      reopened: resolvedAt !== null && k < reopens.length,
    });
  }
  return facts;
}
