import { markStale } from '../metrics/rollup/mark-stale.js';
import type { App } from '../app.js';
import type { ConversationKind } from '../store/schema.js';
import { log } from '../lib/log.js';
import { analyzeMessage } from './analyze.js';
import { appendEvent } from '../events/append.js';
import { isSuspect } from './suspect.js';
import { rescoreConversation } from './rescore.js';

/** What enrichment needs of a stored customer message and its conversation. */
export interface EnrichRow {
  id: string;
  body: string;
  workspace_id: string;
  conversation_id: string;
  created_at: number;
  kind: ConversationKind;
  convLanguage: string | null;
}

const COLUMNS = [
  'messages.id',
  'messages.body',
  'messages.workspace_id',
  'messages.conversation_id',
  'messages.created_at',
  'conversations.kind',
  'conversations.language as convLanguage',
] as const;

/** Inbound messages joined to their conversation, for enrichPending and reEnrichSince. */
export function inboundMessages(app: App) {
  return app.store.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(COLUMNS)
    .where('messages.direction', '=', 'in');
}

/**
 * Analyses customer messages intake has stored but nobody has analysed yet, oldest first, and
 * carries the result to their conversation (language, sentiment, intent, needs-reply) so the
 * queue can filter and sort by it. Runs beside intake rather than inside it: intake's
 * acknowledgement-to-thread path stays fast, and a model change re-runs it over history
 * (`hearken enrich --since`, reenrich.ts). Idempotent: a crash only means a message is analysed again.
 */
export async function enrichPending(app: App, limit = 200): Promise<number> {
  const rows = await inboundMessages(app).where('messages.enriched_at', 'is', null).orderBy('messages.created_at').limit(limit).execute();
  await writeAnalyses(app, rows);
  return rows.length;
}

/** Analyses the rows and stores the result on each message and, oldest to newest, on its conversation. */
export async function writeAnalyses(app: App, rows: EnrichRow[]): Promise<void> {
  if (!rows.length) return;
  const now = app.now();
  const analysed = rows.map((r) => {
    try {
      return { r, a: analyzeMessage(r.body, { kind: r.kind }) };
    } catch (err) {
      // A message the engine cannot handle is marked done without labels rather than retried forever.
      log.warn('enrichment failed for a message', { messageId: r.id, err: String(err) });
      return { r, a: null };
    }
  });
  await app.store.db.transaction().execute(async (tx) => {
    for (const { r, a } of analysed) {
      await tx
        .updateTable('messages')
        .set({
          language: a?.language ?? null,
          sentiment: a?.sentiment.label ?? null,
          intent: a?.intent.label ?? null,
          analysis: a ? JSON.stringify(a) : null,
          enriched_at: now,
        })
        .where('id', '=', r.id)
        .execute();
      // The sentiment mix of reports reads the label from the metric rollups.
      await markStale(tx, r.workspace_id, r.conversation_id, now);
      if (!a) continue;
      // The conversation shows its customer's language (first one known) and the mood of their latest message.
      await tx
        .updateTable('conversations')
        .set({
          ...(r.convLanguage && r.convLanguage !== 'und' ? {} : { language: a.language }),
          sentiment: a.sentiment.label,
          intent: a.intent.label,
          intent_confidence: a.intent.confidence,
          troll_score: a.troll.score,
          needs_reply: a.needsReply.value ? 1 : 0,
        })
        .where('id', '=', r.conversation_id)
        .execute();
      // New signals, new priority: in the same transaction, so the queue never shows one without the other.
      await rescoreConversation(tx, r.conversation_id, now);
      // Only suspect messages go in the log (not every analysis): the spam reactor decides on them.
      if (isSuspect({ intent: a.intent.label, trollScore: a.troll.score }))
        await appendEvent(tx, {
          workspaceId: r.workspace_id,
          type: 'message.flagged',
          conversationId: r.conversation_id,
          data: { messageId: r.id, intent: a.intent.label, confidence: a.intent.confidence, trollScore: a.troll.score },
          at: now,
        });
    }
  });
  for (const ws of new Set(rows.map((r) => r.workspace_id))) app.bus.poke(ws);
}
