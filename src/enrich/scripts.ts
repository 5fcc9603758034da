/**
 * Writing systems that name a language by themselves (or nearly), checked before any statistics:
 * a short message in Armenian or Hangul needs no model. Order matters only for ties.
 */
export interface ScriptRule {
  script: string;
  re: RegExp;
  /** The language this script means when nothing finer applies. */
  lang: string;
}

export const SCRIPT_RULES: ScriptRule[] = [
  { script: 'Armenian', re: /\p{Script=Armenian}/u, lang: 'hy' },
  { script: 'Hangul', re: /\p{Script=Hangul}/u, lang: 'ko' },
  { script: 'Kana', re: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, lang: 'ja' },
  { script: 'Han', re: /\p{Script=Han}/u, lang: 'zh' },
  { script: 'Arabic', re: /\p{Script=Arabic}/u, lang: 'ar' },
  { script: 'Devanagari', re: /\p{Script=Devanagari}/u, lang: 'hi' },
  { script: 'Hebrew', re: /\p{Script=Hebrew}/u, lang: 'he' },
  { script: 'Greek', re: /\p{Script=Greek}/u, lang: 'el' },
  { script: 'Thai', re: /\p{Script=Thai}/u, lang: 'th' },
  { script: 'Georgian', re: /\p{Script=Georgian}/u, lang: 'ka' },
  { script: 'Bengali', re: /\p{Script=Bengali}/u, lang: 'bn' },
  { script: 'Tamil', re: /\p{Script=Tamil}/u, lang: 'ta' },
  { script: 'Gurmukhi', re: /\p{Script=Gurmukhi}/u, lang: 'pa' },
  { script: 'Gujarati', re: /\p{Script=Gujarati}/u, lang: 'gu' },
  { script: 'Khmer', re: /\p{Script=Khmer}/u, lang: 'km' },
  { script: 'Lao', re: /\p{Script=Lao}/u, lang: 'lo' },
  { script: 'Myanmar', re: /\p{Script=Myanmar}/u, lang: 'my' },
  { script: 'Ethiopic', re: /\p{Script=Ethiopic}/u, lang: 'am' },
  { script: 'Cyrillic', re: /\p{Script=Cyrillic}/u, lang: 'ru' },
  { script: 'Latin', re: /\p{Script=Latin}/u, lang: '' },
];

export interface ScriptCount {
  script: string;
  lang: string;
  letters: number;
}

/** Letters per script, most first. Han and Kana together are Japanese, so Kana letters also count Han ones. */
export function countScripts(text: string): ScriptCount[] {
  const counts = new Map<ScriptRule, number>();
  const latin = SCRIPT_RULES[SCRIPT_RULES.length - 1];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // Fast path: ASCII and the Latin blocks are most of the traffic and need no regex.
    if (c < 0x250 || (c >= 0x1e00 && c <= 0x1eff)) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7)) counts.set(latin, (counts.get(latin) ?? 0) + 1);
      continue;
    }
    if (c < 0x370 || (c >= 0x2000 && c < 0x2e80 && c !== 0x2d00) || c >= 0x1f000) continue; // marks, punctuation, symbols, emoji
    for (const r of SCRIPT_RULES) {
      if (r.re.test(ch)) {
        counts.set(r, (counts.get(r) ?? 0) + 1);
        break;
      }
    }
  }
  const kana = [...counts].find(([r]) => r.script === 'Kana');
  const han = [...counts].find(([r]) => r.script === 'Han');
  if (kana && han) {
    counts.set(kana[0], kana[1] + han[1]);
    counts.delete(han[0]);
  }
  return [...counts].map(([r, n]) => ({ script: r.script, lang: r.lang, letters: n })).sort((a, b) => b.letters - a.letters);
}

/** Refines a script's default language from letters only some of its languages use. */
export function refineByLetters(script: string, text: string): string | undefined {
  if (script === 'Arabic') {
    if (/[ٹڈڑںےۓ]/u.test(text)) return 'ur';
    if (/[پچژگکی]/u.test(text) && !/[ةى]/u.test(text)) return 'fa';
  }
  if (script === 'Cyrillic') {
    if (/[іїєґ]/iu.test(text)) return 'uk';
    if (/[ўі]/iu.test(text)) return 'be';
    if (/[ђћџљњ]/iu.test(text)) return 'sr';
    if (/[ѝъ]/iu.test(text) && !/[ыэё]/iu.test(text)) return 'bg';
  }
  return undefined;
}
