import { addBusinessMs } from '../hours/business-time.js';
import type { ScheduleVersion } from '../hours/schedule.js';
import { isHumanReply } from '../metrics/cycles.js';
import type { ConversationTimeline, TimelineMessage } from '../metrics/timeline.js';
import type { ClockStatus, SlaTarget } from '../store/schema.js';

/**
 * The SLA clocks a conversation's timeline calls for, as one pure function (rules: docs/sla.md).
 * Cycles are cut exactly as the metrics cut them (src/metrics/cycles.ts): a reopen starts a new
 * cycle, and so a new first-response clock. Only customer messages start a clock and only human
 * replies (in Hearken or echoed from the network) stop a response clock: bot and automation
 * messages do neither, so an auto-acknowledgement never "answers" the customer.
 */

export interface WantedClock {
  target: SlaTarget;
  startedAt: number;
  /** null = still running. */
  stoppedAt: number | null;
  /** Why it stopped: a human reply, or the cycle's resolution. */
  stoppedBy: 'reply' | 'resolved' | null;
}

// As in metrics: a customer message sorts before a reply written in the same millisecond.
const byTime = (a: TimelineMessage, b: TimelineMessage) =>
  a.at - b.at || (a.direction === b.direction ? a.id.localeCompare(b.id) : a.direction === 'in' ? -1 : 1);

export function wantedClocks(tl: ConversationTimeline): WantedClock[] {
  const changes = [...tl.statusChanges].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const reopens = changes.filter((c) => c.from === 'resolved' && c.to !== 'resolved');
  const cycleOf = (arrival: number) => {
    let i = 0;
    while (i < reopens.length && reopens[i].at <= arrival) i++;
    return i;
  };
  const out: WantedClock[] = [];
  for (let k = 0; k <= reopens.length; k++) {
    const opened = k === 0 ? -Infinity : reopens[k - 1].at;
    const closed = k < reopens.length ? reopens[k].at : Infinity;
    const msgs = tl.messages.filter((m) => cycleOf(m.arrival) === k).sort(byTime);
    const first = msgs.find((m) => m.direction === 'in');
    if (!first) continue;
    const start = first.at;
    let resolvedAt: number | null = null;
    for (const c of changes) if (c.to === 'resolved' && c.at >= opened && c.at < closed) resolvedAt = c.at;
    const endBy = (from: number): Pick<WantedClock, 'stoppedAt' | 'stoppedBy'> =>
      resolvedAt === null ? { stoppedAt: null, stoppedBy: null } : { stoppedAt: Math.max(from, resolvedAt), stoppedBy: 'resolved' };

    const firstIdx = msgs.findIndex((m) => isHumanReply(m) && m.at >= start);
    out.push({ target: 'first_response', startedAt: start, ...(firstIdx >= 0 ? { stoppedAt: msgs[firstIdx].at, stoppedBy: 'reply' as const } : endBy(start)) });
    if (firstIdx >= 0) {
      let waitingFrom: number | null = null;
      for (const m of msgs.slice(firstIdx + 1)) {
        if (m.direction === 'in' && waitingFrom === null) waitingFrom = m.at;
        else if (waitingFrom !== null && isHumanReply(m)) {
          out.push({ target: 'next_response', startedAt: waitingFrom, stoppedAt: m.at, stoppedBy: 'reply' });
          waitingFrom = null;
        }
      }
      if (waitingFrom !== null) out.push({ target: 'next_response', startedAt: waitingFrom, ...endBy(waitingFrom) });
    }
    out.push({
      target: 'resolution',
      startedAt: start,
      ...(resolvedAt === null ? { stoppedAt: null, stoppedBy: null } : { stoppedAt: Math.max(start, resolvedAt), stoppedBy: 'resolved' as const }),
    });
  }
  return out;
}

/**
 * A clock's outcome at `now`: met (stopped in time by what the target asks for), breached (the
 * due time passed first, stopped or not), cancelled (a response clock ended by resolving without
 * a reply, in time: nothing was owed), running.
 */
export function clockStatus(
  c: { target: SlaTarget; dueAt: number | null; stoppedAt: number | null; stoppedBy: 'reply' | 'resolved' | null },
  now: number,
): ClockStatus {
  if (c.stoppedAt === null) return c.dueAt !== null && now >= c.dueAt ? 'breached' : 'running';
  if (c.dueAt !== null && c.stoppedAt > c.dueAt) return 'breached';
  if (c.stoppedBy === 'reply' || c.target === 'resolution') return 'met';
  return 'cancelled';
}

/**
 * When a clock started at `startedAt` warns and is due: `targetMs` of open time on the channel's
 * hours (business) or of wall time (calendar). null = the hours do not open within five years.
 */
export function dueTimes(
  p: { timeMode: 'business' | 'calendar'; warnPercent: number },
  hours: readonly ScheduleVersion[],
  startedAt: number,
  targetMs: number,
): { dueAt: number | null; warnAt: number | null } {
  const at = (ms: number) => (p.timeMode === 'business' ? addBusinessMs(hours, startedAt, ms) : startedAt + ms);
  return { dueAt: at(targetMs), warnAt: at(Math.round((targetMs * p.warnPercent) / 100)) };
}
