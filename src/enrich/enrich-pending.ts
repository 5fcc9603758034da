import type { App } from '../app.js';
import { log } from '../lib/log.js';
import { analyzeMessage } from './analyze.js';

/**
 * Analyses customer messages intake has stored but nobody has analysed yet, oldest first, and
 * carries the result to their conversation (language, sentiment, intent, needs-reply) so the
 * queue can filter and sort by it. Runs beside intake rather than inside it: intake's
 * acknowledgement-to-thread path stays fast, and a model change can re-run this over history
 * (set enriched_at to null). Idempotent: a crash only means a message is analysed again.
 */
export async function enrichPending(app: App, limit = 200): Promise<number> {
  const db = app.store.db;
  const rows = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.body', 'messages.workspace_id', 'messages.conversation_id', 'messages.created_at', 'conversations.kind', 'conversations.language as convLanguage', 'conversations.last_inbound_at'])
    .where('messages.direction', '=', 'in')
    .where('messages.enriched_at', 'is', null)
    .orderBy('messages.created_at')
    .limit(limit)
    .execute();
  if (!rows.length) return 0;
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
  await db.transaction().execute(async (tx) => {
    for (const { r, a } of analysed) {
      await tx
        .updateTable('messages')
        .set({ language: a?.language ?? null, sentiment: a?.sentiment.label ?? null, intent: a?.intent.label ?? null, analysis: a ? JSON.stringify(a) : null, enriched_at: now })
        .where('id', '=', r.id)
        .execute();
      if (!a) continue;
      // The conversation shows its customer's language (first one known) and the mood of their latest message.
      await tx
        .updateTable('conversations')
        .set({
          ...(r.convLanguage && r.convLanguage !== 'und' ? {} : { language: a.language }),
          sentiment: a.sentiment.label,
          intent: a.intent.label,
          needs_reply: a.needsReply.value ? 1 : 0,
        })
        .where('id', '=', r.conversation_id)
        .execute();
    }
  });
  for (const ws of new Set(rows.map((r) => r.workspace_id))) app.bus.poke(ws);
  return rows.length;
}
