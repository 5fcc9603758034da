import type { Kysely } from 'kysely';
import { appendEvent } from '../../events/append.js';
import type { ConversationTable, DB } from '../../store/schema.js';

export interface SpamMark {
  source: 'agent' | 'triage';
  /** The agent who marked it (source agent). */
  by: string | null;
  /** For triage: what decided (spam intent or troll score) and its score. */
  signal: 'spam' | 'troll' | null;
  score: number | null;
}

/**
 * Marks a conversation spam inside the caller's transaction. Spam is a flag beside the status, not
 * a status: the conversation leaves the queue (list-conversations.ts, counts.ts) and its SLA clocks
 * stop (sla/evaluate.ts, asked by the sla reactor on the event), and "Not spam" brings it back in
 * the status it kept. Nothing is trained on it: the event is counted (spam-counts.ts), that is all.
 */
export async function applySpamMark(tx: Kysely<DB>, conv: ConversationTable, mark: SpamMark, now: number): Promise<ConversationTable> {
  const set = { spam_at: now, spam_source: mark.source, spam_by: mark.by, spam_signal: mark.signal, spam_score: mark.score, updated_at: now };
  await tx.updateTable('conversations').set(set).where('id', '=', conv.id).execute();
  await appendEvent(tx, {
    workspaceId: conv.workspace_id,
    type: 'conversation.marked_spam',
    conversationId: conv.id,
    actorUserId: mark.by,
    data: { source: mark.source, signal: mark.signal, score: mark.score, status: conv.status },
    at: now,
  });
  return { ...conv, ...set };
}
