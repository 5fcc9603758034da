import type { SavedReply } from '../api/types';
import { type PickedBody, pickSavedReplyBody } from '../../../src/saved-replies/pick-body.js';
import { languageName } from './filters';

export type { PickedBody };

/**
 * The composer inserts a saved reply in the conversation's language by the server's own rule
 * (src/saved-replies/pick-body.ts, what rules and macros send), so an agent and an automation
 * answer the same customer with the same text.
 */
export const pickFor = (r: SavedReply, conversationLanguage: string | null | undefined): PickedBody =>
  pickSavedReplyBody({ body: r.body, language: r.language ?? null, translations: r.translations ?? [] }, conversationLanguage);

/** Every text of a saved reply: the main one first, then each translation. */
export const variantsOf = (r: SavedReply): PickedBody[] => [
  { body: r.body, language: r.language ?? null, source: 'main' },
  ...(r.translations ?? []).map((t) => ({ body: t.body, language: t.language, source: 'translation' as const })),
];

/** "Vietnamese (vi)". */
export const languageLabel = (code: string) => {
  const name = languageName(code);
  return name === code ? code : `${name} (${code})`;
};

/** The languages a saved reply is written in, for chips: the main text's (if said), then the translations'. */
export const languagesOf = (r: SavedReply): string[] => [...(r.language ? [r.language] : []), ...(r.translations ?? []).map((t) => t.language)];
