import type { IntakeContext } from '../intake/apply-message.js';
import type { InboundSurveyAnswer } from '../channels/contract/inbound.js';
import { log } from '../lib/log.js';
import { recordAnswer } from './record-answer.js';

/**
 * A survey button pressed in the channel (Telegram callback_query, Messenger/Instagram quick
 * reply), inside the intake transaction. It is an answer, not a message: the resolved
 * conversation is not reopened. Only a survey sent in this very channel and workspace is
 * answerable this way; anything else (a stale or forged payload) is ignored and logged.
 */
export async function applySurveyAnswer(ctx: IntakeContext, ev: InboundSurveyAnswer): Promise<void> {
  const survey = await ctx.db
    .selectFrom('surveys')
    .selectAll()
    .where('id', '=', ev.surveyId)
    .where('workspace_id', '=', ctx.workspaceId)
    .where('channel_id', '=', ctx.channelId)
    .executeTakeFirst();
  if (!survey) {
    log.warn('survey answer for an unknown survey ignored', { surveyId: ev.surveyId, channelId: ctx.channelId });
    return;
  }
  const outcome = await recordAnswer(ctx.db, survey, { score: ev.score, via: ctx.network, now: ctx.now });
  if (outcome !== 'answered') log.info('survey answer not recorded', { surveyId: survey.id, outcome });
}
