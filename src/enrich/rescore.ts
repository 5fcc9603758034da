import type { Kysely } from 'kysely';
import { appendEvent } from '../events/append.js';
import { parseJson } from '../lib/json.js';
import { priorityName, priorityRank } from '../lib/priority.js';
import { prepared } from '../store/prepared.js';
import type { DB } from '../store/schema.js';
import type { Analysis } from './analyze.js';
import { computePriority, DEFAULT_PRIORITY_WEIGHTS, priorityLevel, type PriorityResult, type PriorityWeights } from './priority.js';

/**
 * While a conversation waits, its score grows with the waiting time (waitingPerHour, up to
 * waitingCap): the waiting re-scorer (rescore-waiting.ts) looks at it again this often, until the
 * cap is reached. Ten minutes is under one point at the default weights' 5 points an hour.
 */
export const RESCORE_EVERY_MS = 10 * 60_000;

/** A contact is a VIP when its `vip` attribute says so (true, "yes", "true", 1). */
export function isVip(attributesJson: string | null | undefined): boolean {
  const v = parseJson<Record<string, unknown>>(attributesJson ?? null, {}).vip;
  return v === true || v === 1 || (typeof v === 'string' && ['yes', 'true', '1', 'y'].includes(v.trim().toLowerCase()));
}

// Triage rescores a conversation for every customer message: its statements are compiled once
// (store/prepared.ts), not rebuilt each time (a twentieth of the worker's time in the soak).
const convQuery = prepared((db, id: string) =>
  db
    .selectFrom('conversations')
    .select(['id', 'workspace_id', 'contact_id', 'status', 'visibility', 'priority', 'priority_pinned', 'priority_due_at', 'waiting_since'])
    .where('id', '=', id),
);
const contactQuery = prepared((db, id: string) => db.selectFrom('contacts').select('attributes').where('id', '=', id));
const latestAnalysisQuery = prepared((db, conversationId: string) =>
  db
    .selectFrom('messages')
    .select('analysis')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'in')
    .where('enriched_at', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1),
);
const clocksQuery = prepared((db, conversationId: string) =>
  db
    .selectFrom('sla_clocks')
    .select(['status', 'due_at', 'warn_at', 'warned_at', 'breached_at'])
    .where('conversation_id', '=', conversationId)
    .where('stopped_at', 'is', null)
    .where('status', 'in', ['running', 'breached']),
);
const writeScore = prepared((db, priority: number, score: number, reasons: string, now: number, due: number | null, id: string) =>
  db
    .updateTable('conversations')
    .set({ priority, priority_score: score, priority_reasons: reasons, priority_scored_at: now, priority_due_at: due })
    .where('id', '=', id)
    // An agent's pin taken meanwhile wins.
    .where('priority_pinned', '=', 0),
);

export interface Rescored {
  level: ReturnType<typeof priorityLevel>;
  previous: string;
  result: PriorityResult;
  changed: boolean;
}

/**
 * Computes a conversation's priority from its signals now (enrich/priority.ts) and stores the
 * score, its reasons and the level; a level change is logged as conversation.prioritized. A
 * priority an agent pinned is left alone (null). Idempotent: the same signals at the same time
 * write the same row, and no event unless the level moves.
 */
export async function rescoreConversation(
  db: Kysely<DB>,
  conversationId: string,
  now: number,
  w: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS,
  /** The caller logs the change itself (an agent's "auto": conversation.updated carries the level). */
  o: { silent?: boolean } = {},
): Promise<Rescored | null> {
  const conv = (await convQuery(db, conversationId)).rows[0];
  if (!conv) return null;
  if (conv.priority_pinned) {
    if (conv.priority_due_at !== null) await db.updateTable('conversations').set({ priority_due_at: null }).where('id', '=', conv.id).execute();
    return null;
  }
  const [contact, latest, clocks] = await Promise.all([
    contactQuery(db, conv.contact_id).then((r) => r.rows[0]),
    latestAnalysisQuery(db, conv.id).then((r) => r.rows[0]),
    clocksQuery(db, conv.id).then((r) => r.rows),
  ]);
  const a = parseJson<Analysis | null>(latest?.analysis ?? null, null);
  const waiting = conv.status === 'open' && conv.waiting_since !== null;
  const waitingMinutes = waiting ? Math.max(0, (now - conv.waiting_since!) / 60_000) : 0;
  const breached = clocks.some((c) => c.status === 'breached' || c.breached_at !== null || (c.due_at !== null && c.due_at <= now));
  const warned = clocks.some((c) => c.warned_at !== null || (c.warn_at !== null && c.warn_at <= now));
  const result = computePriority(
    {
      sentiment: a?.sentiment,
      intent: a?.intent,
      // An answered conversation needs nothing more: the customer's "needs a reply" counts while it waits.
      needsReply: waiting ? a?.needsReply : undefined,
      troll: a?.troll,
      visibility: conv.visibility,
      vip: isVip(contact?.attributes),
      waitingMinutes,
      sla: breached ? 'breached' : warned ? 'warning' : null,
    },
    w,
  );
  const level = priorityLevel(result.score, w);
  const capMinutes = (w.waitingCap / Math.max(w.waitingPerHour, 1e-9)) * 60;
  const due = waiting && waitingMinutes < capMinutes ? now + RESCORE_EVERY_MS : null;
  const rank = priorityRank(level);
  await writeScore(db, rank, result.score, JSON.stringify(result.reasons), now, due, conv.id);
  const changed = rank !== conv.priority;
  if (changed && !o.silent)
    await appendEvent(db, {
      workspaceId: conv.workspace_id,
      type: 'conversation.prioritized',
      conversationId: conv.id,
      data: { priority: rank, previous: conv.priority, score: result.score },
      at: now,
    });
  return { level, previous: priorityName(conv.priority), result, changed };
}
