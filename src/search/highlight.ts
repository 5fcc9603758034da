import { fold } from './tokenize.js';

/**
 * Where `terms` (already folded, as tokenize.ts makes them) occur in `text`, as [start, end)
 * offsets into `text` itself (UTF-16, as JavaScript slices), merged and in order. Folding can
 * change lengths (ß → ss), so each folded character remembers the original it came from. The
 * client wraps these ranges in <mark> as text nodes: nothing here becomes markup.
 */
export function highlightRanges(text: string, terms: string[]): Array<[number, number]> {
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const f = fold(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) {
      from.push(offset);
      to.push(offset + ch.length);
    }
    offset += ch.length;
  }
  const raw: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
      raw.push([from[at]!, to[at + term.length - 1]!]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of raw) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
