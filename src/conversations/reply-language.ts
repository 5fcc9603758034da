import type { Kysely } from 'kysely';
import { detectLanguage } from '../enrich/language.js';
import { type CustomerLanguage, pickLanguage } from '../lib/customer-texts/index.js';
import type { ConversationTable, DB } from '../store/schema.js';
import { workspaceLanguage } from '../workspaces/workspace-language.js';

/**
 * The language Hearken's own texts to this conversation's customer are written in: the language
 * triage found for the conversation, else (triage has not run yet: an auto-reply to the first
 * message) the language of `text`, the customer's message being answered, else the workspace's
 * default, else English.
 */
export async function replyLanguage(
  db: Kysely<DB>,
  conv: Pick<ConversationTable, 'workspace_id' | 'language'>,
  o: { text?: string } = {},
): Promise<CustomerLanguage> {
  const detected = !conv.language && o.text ? detectLanguage(o.text).code : null;
  return pickLanguage(conv.language, detected, await workspaceLanguage(db, conv.workspace_id));
}
