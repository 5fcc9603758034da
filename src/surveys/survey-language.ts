import type { Kysely } from 'kysely';
import { replyLanguage } from '../conversations/reply-language.js';
import { acceptedLanguages, type CustomerLanguage, pickLanguage } from '../lib/customer-texts/index.js';
import type { DB, SurveyTable } from '../store/schema.js';

/**
 * The language of the hosted survey page: its conversation's (as for every text Hearken writes to
 * the customer); with no survey to go by (a bad link), the browser's Accept-Language.
 */
export async function surveyLanguage(db: Kysely<DB>, survey: SurveyTable | undefined, acceptLanguage: string | undefined): Promise<CustomerLanguage> {
  const conv = survey
    ? await db
        .selectFrom('conversations')
        .select(['workspace_id', 'language'])
        .where('id', '=', survey.conversation_id)
        .where('workspace_id', '=', survey.workspace_id)
        .executeTakeFirst()
    : undefined;
  return conv ? replyLanguage(db, conv) : pickLanguage(...acceptedLanguages(acceptLanguage));
}
