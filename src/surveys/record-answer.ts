import type { Kysely } from 'kysely';
import { appendEvent } from '../events/append.js';
import type { DB, SurveyTable } from '../store/schema.js';
import { isValidScore } from './scales.js';

export type AnswerOutcome = 'answered' | 'already_answered' | 'expired' | 'not_open' | 'invalid_score';

export const MAX_COMMENT = 2000;

/**
 * Records the one answer a survey takes, from the hosted page or a button in the channel. The
 * update is conditional on the survey still being "sent", so two answers racing (a double tap,
 * a redelivered webhook) leave exactly one. The answer is an event on the conversation
 * ("survey.answered"), which is how it shows in the thread and the live stream.
 */
export async function recordAnswer(
  db: Kysely<DB>,
  survey: SurveyTable,
  a: { score: number; comment?: string | null; via: string; now: number },
): Promise<AnswerOutcome> {
  if (survey.status === 'answered') return 'already_answered';
  if (survey.status !== 'sent') return 'not_open';
  if (survey.expires_at !== null && a.now > survey.expires_at) return 'expired';
  if (!Number.isInteger(a.score) || !isValidScore(survey.kind, a.score)) return 'invalid_score';
  const comment = a.comment?.trim().slice(0, MAX_COMMENT) || null;
  const res = await db
    .updateTable('surveys')
    .set({ status: 'answered', score: a.score, comment, answered_at: a.now, answered_via: a.via })
    .where('id', '=', survey.id)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return 'already_answered';
  await appendEvent(db, {
    workspaceId: survey.workspace_id,
    type: 'survey.answered',
    conversationId: survey.conversation_id,
    data: { surveyId: survey.id, kind: survey.kind, score: a.score, comment, via: a.via },
    at: a.now,
  });
  return 'answered';
}
