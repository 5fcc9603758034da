/**
 * One tokenizer for indexing and querying, on both databases, so both find the same things.
 * Rules: NFKD + strip combining marks (Vietnamese/Portuguese/Turkish diacritics fold away),
 * Turkish dotted/dotless i fold to "i", đ→d, ß→ss, lowercase; letters and digits form words;
 * Han/Kana/Hangul characters (written without spaces) index as overlapping bigrams plus
 * single characters, so any substring of two or more characters finds its text.
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

export function fold(text: string): string {
  return text
    .replace(/[İIı]/g, 'i')
    .replace(/[đĐ]/g, 'd')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Splits folded text into runs: words of letters/digits, and runs of CJK characters. */
function runs(folded: string): Array<{ cjk: boolean; text: string }> {
  const out: Array<{ cjk: boolean; text: string }> = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    let cur = '';
    let curCjk = false;
    for (const ch of m[0]) {
      const isCjk = CJK.test(ch);
      if (cur && isCjk !== curCjk) {
        out.push({ cjk: curCjk, text: cur });
        cur = '';
      }
      cur += ch;
      curCjk = isCjk;
    }
    if (cur) out.push({ cjk: curCjk, text: cur });
  }
  return out;
}

function cjkTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Terms to index for a text (space-separated in the search_docs table). */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const r of runs(fold(text))) {
    if (!r.cjk) out.push(r.text);
    else out.push(...cjkTerms(r.text), ...[...r.text]);
  }
  return out;
}

/** Terms a query must all match. A CJK run becomes its bigrams (all required), so order-free substrings match. */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const r of runs(fold(query))) out.push(...(r.cjk ? cjkTerms(r.text) : [r.text]));
  return [...new Set(out)].slice(0, 32);
}
