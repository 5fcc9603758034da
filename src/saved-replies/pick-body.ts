/**
 * Which text of a saved reply goes to a conversation (issue 13): the one in the conversation's
 * language. Pure, with no imports: the rules' and macros' `send_saved_reply` (send-in-language.ts)
 * and the web composer (web/src/lib/saved-reply-language.ts) choose by this one function.
 */

export interface SavedReplyVariant {
  language: string;
  body: string;
}

export interface SavedReplyTexts {
  /** The main text: the fallback. */
  body: string;
  /** The main text's language, when its author said. */
  language?: string | null;
  translations: readonly SavedReplyVariant[];
}

export interface PickedBody {
  body: string;
  /** The language of the text picked; null = the main text, whose language was not said. */
  language: string | null;
  /** 'main' when no translation fitted (or the main text's own language did). */
  source: 'main' | 'translation';
}

/**
 * "pt-br" → "pt-BR", "ZH-hant" → "zh-Hant": BCP-47's conventional case (primary subtag lower,
 * script title case, region upper), so stored tags compare as strings.
 */
export function canonicalLanguage(tag: string): string {
  return tag
    .trim()
    .split(/[-_]/)
    .map((part, i) => {
      const p = part.toLowerCase();
      if (i === 0) return p;
      if (p.length === 4 && /^[a-z]+$/.test(p)) return p[0]!.toUpperCase() + p.slice(1);
      if (p.length === 2) return p.toUpperCase();
      return p;
    })
    .join('-');
}

/** "pt-BR" → "pt". */
export const primarySubtag = (tag: string): string => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * The text for a conversation in `conversationLanguage` (triage's code; null/'und' = unknown):
 * 1. a text in exactly that language (case-insensitive: "pt-br" is "pt-BR");
 * 2. else a text in its primary language: "pt" for a "pt-BR" conversation, preferring the bare
 *    "pt" over a sibling region ("pt-PT"), which is still closer than the fallback;
 * 3. else the main text.
 * The main text takes part in 1 and 2 when its language is said (it wins ties: it is the one the
 * author wrote first).
 */
export function pickSavedReplyBody(reply: SavedReplyTexts, conversationLanguage: string | null | undefined): PickedBody {
  const main: PickedBody = { body: reply.body, language: reply.language ?? null, source: 'main' };
  const wanted = conversationLanguage ? canonicalLanguage(conversationLanguage) : '';
  if (!wanted || wanted === 'und') return main;
  const candidates: PickedBody[] = [
    ...(main.language ? [{ ...main, language: canonicalLanguage(main.language) }] : []),
    ...reply.translations.map((t) => ({ body: t.body, language: canonicalLanguage(t.language), source: 'translation' as const })),
  ];
  const exact = candidates.find((c) => c.language === wanted);
  if (exact) return exact;
  const base = primarySubtag(wanted);
  const bare = candidates.find((c) => c.language === base);
  if (bare) return bare;
  const sibling = candidates.find((c) => c.language !== null && primarySubtag(c.language) === base);
  return sibling ?? main;
}
