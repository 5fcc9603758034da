import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { adapterFor, capabilitiesOf } from '../channels/registry.js';
import { checkReply } from '../conversations/check-reply.js';
import { appendEvent } from '../events/append.js';
import { finishJob } from '../jobs/queue.js';
import { AppError } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { queueOutbound, wakeSender } from '../outbox/queue-outbound.js';
import type { ConversationTable, DB, JobTable, SurveyTable } from '../store/schema.js';
import { buttonPayload } from '../channels/contract/survey-button.js';
import { replyLanguage } from '../conversations/reply-language.js';
import { scaleFor } from './scales.js';
import { loadSurveySettings } from './settings.js';
import { surveyUrl } from './token.js';

const surveyPayload = z.object({ surveyId: z.string() });
export type SurveyJobPayload = z.output<typeof surveyPayload>;
/** Puts a scheduled survey to the customer (surveys/schedule-survey.ts plans it). */
export const surveyJob = defineJob({ name: 'survey.send', version: 1, payload: surveyPayload, handler: runSurveyJob });

/** Channel types whose sender shows answer buttons (Telegram inline keyboard, Meta quick replies); the rest get a link. */
export const BUTTON_CHANNELS = new Set(['telegram', 'messenger', 'instagram']);

/**
 * The survey job: asks the customer, in the conversation's channel, through the outbox (so the
 * question is sent exactly like any reply, with retries and delivery status). Idempotent: a
 * survey that is no longer "scheduled" is left alone. Cancelled when the conversation was
 * reopened (or re-resolved later: that resolution has its own survey) or surveys were turned
 * off meanwhile; failed, with the reason, when the channel cannot take the message now
 * (e.g. Meta's 24-hour window closed).
 */
export async function runSurveyJob(app: App, job: JobTable, { surveyId }: SurveyJobPayload): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  const outcome = await db.transaction().execute(async (tx) => {
    const survey = await tx.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirst();
    if (!survey || survey.status !== 'scheduled') return 'noop';
    const conv = await tx
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', survey.conversation_id)
      .where('workspace_id', '=', survey.workspace_id)
      .executeTakeFirst();
    if (!conv || conv.status !== 'resolved' || conv.resolved_at !== survey.resolved_at)
      return close(tx, survey, 'cancelled', 'the conversation was reopened before the survey was sent', now);
    const settings = await loadSurveySettings(tx, survey.workspace_id);
    if (settings.kind === 'off' || settings.channels[conv.channel_id] === false)
      return close(tx, survey, 'cancelled', 'surveys were turned off for this channel before it was sent', now);
    const channel = await tx.selectFrom('channels').select(['type', 'settings']).where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
    const withButtons = BUTTON_CHANNELS.has(channel.type);
    const link = surveyUrl(app.config.publicUrl, app.config.secretKey, survey.id);
    const text = withButtons ? survey.question : `${survey.question}\n${link}`;
    try {
      const chSettings = parseJson<Record<string, unknown>>(channel.settings, {});
      checkReply(capabilitiesOf(channel.type, chSettings), conv, { text, visibility: 'private', now });
      adapterFor(channel.type).checkReply?.(conv, { text, visibility: 'private', authorKind: 'automation', now }, chSettings);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return close(tx, survey, 'failed', err.message, now);
    }
    const lang = await replyLanguage(tx, conv);
    const buttons = withButtons ? scaleFor(survey.kind, lang).map((o) => ({ label: o.label, payload: buttonPayload(survey.id, o.score) })) : null;
    const message = await queueSurveyMessage(app, tx, conv, text, buttons, now);
    const expiresAt = now + settings.linkTtlDays * 86_400_000;
    await tx
      .updateTable('surveys')
      .set({ status: 'sent', sent_at: now, expires_at: expiresAt, delivery: withButtons ? 'buttons' : 'link', message_id: message.id })
      .where('id', '=', survey.id)
      .execute();
    await appendEvent(tx, {
      workspaceId: survey.workspace_id,
      type: 'survey.sent',
      conversationId: survey.conversation_id,
      data: { surveyId: survey.id, kind: survey.kind, delivery: withButtons ? 'buttons' : 'link', messageId: message.id, expiresAt },
      at: now,
    });
    return 'sent';
  });
  await finishJob(db, job.id, 'done', now);
  if (outcome !== 'noop') {
    const ws = await db.selectFrom('surveys').select('workspace_id').where('id', '=', surveyId).executeTakeFirst();
    if (ws) wakeSender(app, ws.workspace_id);
  }
}

async function close(tx: Kysely<DB>, s: SurveyTable, status: 'cancelled' | 'failed', reason: string, now: number) {
  await tx.updateTable('surveys').set({ status, status_reason: reason }).where('id', '=', s.id).execute();
  await appendEvent(tx, {
    workspaceId: s.workspace_id,
    type: `survey.${status}`,
    conversationId: s.conversation_id,
    data: { surveyId: s.id, reason },
    at: now,
  });
  return status;
}

/**
 * The question as an outbound message by an automation (never a response in the metrics) and
 * its outbox job, through the outbox door, in the survey's transaction. The conversation itself
 * is left as it is (touchConversation: false): asking for a rating does not move a resolved
 * conversation in anyone's queue.
 */
function queueSurveyMessage(
  app: App,
  tx: Kysely<DB>,
  conv: ConversationTable,
  text: string,
  buttons: Array<{ label: string; payload: string }> | null,
  now: number,
) {
  return queueOutbound(tx, app.store.dialect, {
    conversation: conv,
    authorKind: 'automation',
    authorUserId: null,
    text,
    visibility: 'private',
    buttons,
    eventTags: { survey: true },
    touchConversation: false,
    now,
  });
}
