import { fold } from './tokenize.js';

const WIDTH = 160;
const BEFORE = 50;

/**
 * A plain-text window of `body` around the first place one of `terms` occurs (terms are folded,
 * the body is not, so positions are mapped back character by character). Plain text on purpose:
 * message content is hostile and is never turned into markup here.
 */
export function snippet(body: string, terms: string[]): string {
  const chars = [...body];
  if (chars.length <= WIDTH) return body;
  let folded = '';
  const origin: number[] = [];
  chars.forEach((ch, i) => {
    const f = fold(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
  });
  let hit = -1;
  for (const term of terms) {
    const at = folded.indexOf(term);
    if (at >= 0 && (hit < 0 || origin[at]! < hit)) hit = origin[at]!;
  }
  let start = Math.max(0, hit - BEFORE);
  // Start on a word boundary when one is near, so the window does not open mid-word.
  if (start > 0) {
    const space = chars.slice(start, start + 15).findIndex((c) => /\s/u.test(c));
    if (space >= 0) start += space + 1;
  }
  const end = Math.min(chars.length, start + WIDTH);
  return (start > 0 ? '…' : '') + chars.slice(start, end).join('').trim() + (end < chars.length ? '…' : '');
}
