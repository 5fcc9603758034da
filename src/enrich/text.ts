/**
 * Text clean-up shared by the enrichment engine. Social text carries a lot that says nothing about
 * the language (links, @handles, #tags, emoji) but a lot about feeling (emoji, "!!!", "sooo"), so
 * there are two views: one for language identification, one for the learned models.
 */

const URL_RE = /\b(?:https?:\/\/|www\.)\S*|\bhttp\/URL\b|\bhttps?\b/giu;
const HANDLE_RE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu;
const HASHTAG_RE = /(^|[^\p{L}\p{N}_])#[\p{L}\p{N}_]+/gu;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Emoji, symbols, digits and punctuation carry no language.
const NON_LETTER_RE = /[^\p{L}\p{M}'’\s]+/gu;

/** Only the words that can tell a language apart: no links, handles, hashtags, emoji, digits or punctuation. */
export function textForLanguage(text: string): string {
  return text
    .replace(EMAIL_RE, ' ')
    .replace(URL_RE, ' ')
    .replace(HANDLE_RE, '$1 ')
    .replace(HASHTAG_RE, '$1 ')
    .replace(/\bRT\b/g, ' ')
    .replace(NON_LETTER_RE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The view the learned models see: links and handles become placeholders (their presence says
 * something, their content does not), '#' is dropped so a tag reads as its word, long letter runs
 * are cut to three ("sooooo" = "sooo") and digits fold to 0 so numbers share features.
 */
export function textForModel(text: string): string {
  return text
    .replace(URL_RE, ' ⟨url⟩ ')
    .replace(HANDLE_RE, '$1 ⟨user⟩ ')
    .replace(/#(?=[\p{L}\p{N}_])/gu, ' ')
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/(\p{L})\1{3,}/gu, '$1$1$1')
    .replace(/\p{Nd}/gu, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word-ish tokens: letter runs (with apostrophes), numbers, single emoji, "!!"/"?!" runs, ascii smileys. */
const TOKEN_RE = /⟨\p{L}+⟩|[\p{L}\p{M}][\p{L}\p{M}'’]*|\p{N}+|\p{Extended_Pictographic}|[!?¡¿؟？！]+|[:;=][-']?[()dpDP\][/\\|*]/gu;

export function tokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}
