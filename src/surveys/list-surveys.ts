import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import type { DB, SurveyTable } from '../store/schema.js';
import { csatBand, npsBand } from './scales.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API's shape of a survey. */
export function presentSurvey(s: SurveyTable) {
  return {
    id: s.id,
    conversationId: s.conversation_id,
    channelId: s.channel_id,
    kind: s.kind,
    status: s.status,
    statusReason: s.status_reason,
    question: s.question,
    delivery: s.delivery,
    messageId: s.message_id,
    resolvedAt: iso(s.resolved_at),
    sendAt: iso(s.send_at),
    sentAt: iso(s.sent_at),
    expiresAt: iso(s.expires_at),
    score: s.score,
    band: s.score === null ? null : s.kind === 'csat' ? csatBand(s.score) : s.kind === 'nps' ? npsBand(s.score) : null,
    comment: s.comment,
    answeredAt: iso(s.answered_at),
    answeredVia: s.answered_via,
    wow: s.wow === 1,
    wowBy: s.wow_by,
    wowAt: iso(s.wow_at),
  };
}

/** Every survey of one conversation, oldest first (the field `surveys` of a conversation). */
export async function conversationSurveys(db: Kysely<DB>, workspaceId: string, conversationId: string) {
  const rows = await db
    .selectFrom('surveys')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(presentSurvey);
}

/** Answered surveys, newest first, for the reports' feedback list; keyset-paged by id. */
export async function listAnswers(
  app: App,
  input: { workspaceId: string; from?: number; to?: number; kind?: SurveyTable['kind']; channelId?: string; limit: number; before?: string },
) {
  let q = app.store.db.selectFrom('surveys').selectAll().where('workspace_id', '=', input.workspaceId).where('status', '=', 'answered');
  if (input.from !== undefined) q = q.where('answered_at', '>=', input.from);
  if (input.to !== undefined) q = q.where('answered_at', '<', input.to);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.channelId) q = q.where('channel_id', '=', input.channelId);
  if (input.before) q = q.where('id', '<', input.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  return { surveys: page.map(presentSurvey), nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
}
