import { z } from 'zod';
import { canonicalLanguage } from './pick-body.js';

/** Limits of a saved reply, for the API's schemas (the web form uses the same numbers). */
export const SAVED_REPLY_LIMITS = { name: 100, body: 5000, translations: 30 } as const;

/**
 * A language tag: a BCP-47 primary subtag ("vi", "zh", "hy", "fil"), optionally a script
 * ("zh-Hant") and a region ("pt-BR", "es-419"). Stored in canonical case.
 */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?$/i;

export const languageTag = z.string().trim().regex(LANGUAGE_TAG, 'must be a language code such as "vi", "es" or "pt-BR"').transform(canonicalLanguage);

export const savedReplyBody = z.string().trim().min(1).max(SAVED_REPLY_LIMITS.body);

/**
 * The translations of a saved reply, the whole set (a create or an update replaces it). A language
 * given twice is refused on the second occurrence's field (`translations.3.language`), whatever
 * case it is written in.
 */
export const translationsSchema = z
  .array(z.object({ language: languageTag, body: savedReplyBody }))
  .max(SAVED_REPLY_LIMITS.translations)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t.language)) ctx.addIssue({ code: 'custom', path: [i, 'language'], message: `"${t.language}" is given twice: one text per language` });
      seen.add(t.language);
    });
  });

export type SavedReplyTranslation = z.output<typeof translationsSchema>[number];
