import type { Kysely } from 'kysely';
import type { Reactor } from '../../events/reactors.js';
import { parseJson } from '../../lib/json.js';
import type { DB } from '../../store/schema.js';
import { isSuspect } from '../../enrich/suspect.js';
import { isRemoved, REMOVED_COLUMNS } from '../removed-messages.js';
import { applySpamMark } from './apply-spam.js';

/**
 * When triage marks a conversation spam on its own (docs: README "Spam"). Chosen on the engine's
 * labelled sets (src/enrich/eval-data) so that no message labelled customer crosses it: spam
 * intent at confidence 0.8 catches 38 of 40 spam messages and none of the 320 others; a troll
 * score of 0.7 catches 25 of 40 trolls and none of the 40 angry customers (the "leaning" cut of
 * 0.5 only flags: needs-reply already sets those aside for review).
 */
export const AUTO_SPAM = { spamConfidence: 0.8, trollScore: 0.7 } as const;

export interface TriageScores {
  intent: string;
  confidence: number;
  trollScore: number;
}

/** The rule for one message: what would mark it spam (and with what score), or null. */
export function spamVerdict(s: TriageScores): { signal: 'spam' | 'troll'; score: number } | null {
  if (s.intent === 'spam' && s.confidence >= AUTO_SPAM.spamConfidence) return { signal: 'spam', score: s.confidence };
  if (s.trollScore >= AUTO_SPAM.trollScore) return { signal: 'troll', score: s.trollScore };
  return null;
}

function scoresOf(analysis: string | null): TriageScores | null {
  const a = parseJson<{ intent?: { label?: string; confidence?: number }; troll?: { score?: number } } | null>(analysis, null);
  if (!a?.intent?.label) return null;
  return { intent: a.intent.label, confidence: a.intent.confidence ?? 0, trollScore: a.troll?.score ?? 0 };
}

/**
 * Marks the conversation spam by triage when every customer message in it that still counts is
 * suspect (enrich/suspect.ts) and at least one meets the rule, the team never answered it (a conversation someone already took up is a person's
 * call), and nobody said "Not spam" after the message arrived. Returns whether it marked.
 */
export async function autoMarkSpam(tx: Kysely<DB>, workspaceId: string, conversationId: string, messageId: string, now: number): Promise<boolean> {
  const conv = await tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', conversationId).executeTakeFirst();
  if (!conv || (conv.spam_at ?? null) !== null) return false;
  const msgs = await tx
    .selectFrom('messages')
    .select(['id', 'direction', 'author_kind', 'analysis', 'created_at', ...REMOVED_COLUMNS])
    .where('conversation_id', '=', conversationId)
    .where('direction', 'in', ['in', 'out'])
    .execute();
  const flagged = msgs.find((m) => m.id === messageId);
  if (!flagged || isRemoved(flagged)) return false;
  if ((conv.spam_cleared_at ?? null) !== null && conv.spam_cleared_at! >= flagged.created_at) return false;
  if (msgs.some((m) => m.direction === 'out' && (m.author_kind === 'human' || m.author_kind === 'outside'))) return false;
  let best: ReturnType<typeof spamVerdict> = null;
  for (const m of msgs) {
    if (m.direction !== 'in' || isRemoved(m)) continue;
    const scores = scoresOf(m.analysis);
    // One real (or not yet analysed) message keeps the conversation in the queue.
    if (!scores || !isSuspect(scores)) return false;
    const v = spamVerdict(scores);
    if (v && (!best || v.score > best.score)) best = v;
  }
  if (!best) return false;
  await applySpamMark(tx, conv, { source: 'triage', by: null, signal: best.signal, score: Math.round(best.score * 100) / 100 }, now);
  return true;
}

const touched = new Set<string>();

/** Follows triage's flags (message.flagged, written by enrich/enrich-pending.ts) and applies the rule. */
export const spamTriageReactor: Reactor = {
  name: 'spam-triage',
  types: ['message.flagged'],
  start: 'now',
  async handle(app, events, tx) {
    let marked = 0;
    for (const e of events) {
      const data = parseJson<{ messageId?: string }>(e.data, {});
      if (!e.conversation_id || !data.messageId) continue;
      if (await autoMarkSpam(tx, e.workspace_id, e.conversation_id, data.messageId, app.now())) {
        marked++;
        touched.add(e.workspace_id);
      }
    }
    return marked;
  },
  afterCommit(app) {
    for (const ws of touched) app.bus.poke(ws);
    touched.clear();
  },
};
