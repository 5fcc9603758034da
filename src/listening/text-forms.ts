import { fold } from '../search/tokenize.js';

/**
 * The two forms text is compared in. Both queries and posts go through the same function, so a
 * keyword matches exactly what the same words in a post fold to.
 * - folded (the default): the product's search folding (src/search/tokenize.ts): case, diacritics,
 *   Turkish dotted/dotless i, đ, ß, ligatures, invisible joiners and Armenian in-word marks.
 * - exact (accent-sensitive queries): only case is folded and joiners dropped, so "phở" and "pho"
 *   stay different words; NFC so typed and pasted Vietnamese compare equal.
 */
export function textForm(text: string, accentSensitive: boolean): string {
  return accentSensitive ? lowerOnly(text) : foldFast(text);
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * fold(), with a shortcut for ASCII text (most tweets): every step of fold() but lowercasing is
 * the identity on ASCII (its replacements and marks are all non-ASCII, NFKD/NFC leave ASCII as
 * is), so the result is the same at a tenth of the cost. text-forms.test.ts checks the claim.
 */
export function foldFast(text: string): string {
  return ASCII.test(text) ? text.toLowerCase() : fold(text);
}

function lowerOnly(text: string): string {
  return (
    text
      // Same invisible characters fold() drops, plus emoji variation selectors (a mark, which
      // fold() drops too) so "❤️" stays one token.
      .replace(/[\u00ad\u200c\u200d\u2060\ufeff\u055b\u055c\u055e\u055f\ufe0e\ufe0f]/g, '')
      // "İ".toLowerCase() is "i" + a combining dot; Turkish users mean plain i.
      .replace(/İ/g, 'i')
      .normalize('NFC')
      .toLowerCase()
  );
}

/**
 * Han, Kana and Hangul: the same ranges as src/search/tokenize.ts (not exported there). Such text
 * has no spaces between words, so every character is its own word here and a keyword is the phrase
 * of its characters: it matches wherever it is a substring, which is what a reader expects.
 */
export const CJK_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
export const CJK_SPLIT =
  /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/gu;

/** A word of a post: letters, marks and digits; or one pictographic emoji. */
export const WORD_RE = /[\p{L}\p{M}\p{N}]+|\p{Extended_Pictographic}/gu;
/** The same in a query, where ? and * are wildcards inside a word. */
export const QUERY_WORD_RE = /[\p{L}\p{M}\p{N}?*]+|\p{Extended_Pictographic}/gu;
/**
 * A hashtag or handle in a post: the sigil must not follow a letter (so "bob@x.com" is no handle);
 * handles may hold inner dots (Instagram), hashtags may not.
 */
export const TAG_RE = /(?<![\p{L}\p{M}\p{N}_])(?:#[\p{L}\p{M}\p{N}_]+|@[\p{L}\p{M}\p{N}_]+(?:\.[\p{L}\p{M}\p{N}_]+)*)/gu;
