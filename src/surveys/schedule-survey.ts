import type { Kysely } from 'kysely';
import { enqueueJob } from '../jobs/queue.js';
import { newId } from '../lib/ids.js';
import type { ConversationTable, DB } from '../store/schema.js';
import { replyLanguage } from '../conversations/reply-language.js';
import { defaultQuestion } from './scales.js';
import { loadSurveySettings } from './settings.js';
import { surveyJob } from './send-survey.js';

/**
 * Called inside the transaction that resolves a conversation (set-status, reply "send and
 * resolve"): when the workspace asks for surveys on this channel, records a survey for this
 * resolution and a durable job to send it after the delay. Public conversations are never
 * surveyed (a rating request under a post is noise in front of everyone). The job itself checks
 * that the conversation is still resolved by this very resolution, so a reopen cancels it.
 */
export async function scheduleSurvey(
  db: Kysely<DB>,
  conv: Pick<ConversationTable, 'id' | 'workspace_id' | 'channel_id' | 'visibility' | 'language'>,
  resolvedAt: number,
): Promise<string | null> {
  if (conv.visibility !== 'private') return null;
  const s = await loadSurveySettings(db, conv.workspace_id);
  if (s.kind === 'off' || s.channels[conv.channel_id] === false) return null;
  const id = newId(resolvedAt);
  const sendAt = resolvedAt + s.delayMinutes * 60_000;
  await db
    .insertInto('surveys')
    .values({
      id,
      workspace_id: conv.workspace_id,
      conversation_id: conv.id,
      channel_id: conv.channel_id,
      kind: s.kind,
      status: 'scheduled',
      status_reason: null,
      // The team's own wording as written; else Hearken's, in the customer's language.
      question: s.question ?? defaultQuestion(s.kind, await replyLanguage(db, conv)),
      resolved_at: resolvedAt,
      send_at: sendAt,
      sent_at: null,
      expires_at: null,
      delivery: null,
      message_id: null,
      score: null,
      comment: null,
      answered_at: null,
      answered_via: null,
      wow: 0,
      wow_by: null,
      wow_at: null,
      created_at: resolvedAt,
    })
    .execute();
  await enqueueJob(db, surveyJob, {
    payload: { surveyId: id },
    workspaceId: conv.workspace_id,
    runAt: sendAt,
    now: resolvedAt,
  });
  return id;
}
