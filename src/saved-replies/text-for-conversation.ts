import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import { type PickedBody, pickSavedReplyBody } from './pick-body.js';
import { translationsOf } from './translations.js';

/**
 * The text of a saved reply to send to one conversation: its translation in the conversation's
 * language (from triage, `conversations.language`), else the main text (pick-body.ts). What the
 * rules' and macros' `send_saved_reply` sends. The workspace's default language is not a fallback
 * here: the main text is, being what the team itself wrote for "anyone".
 */
export async function savedReplyTextFor(db: Kysely<DB>, input: { workspaceId: string; savedReplyId: string; conversationId: string }): Promise<PickedBody> {
  const saved = await db
    .selectFrom('saved_replies')
    .select(['id', 'body', 'language'])
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.savedReplyId)
    .executeTakeFirst();
  if (!saved) throw notFound('saved reply');
  const conv = await db
    .selectFrom('conversations')
    .select('language')
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  const translations = (await translationsOf(db, input.workspaceId, [saved.id])).get(saved.id) ?? [];
  return pickSavedReplyBody({ body: saved.body, language: saved.language, translations }, conv?.language ?? null);
}
