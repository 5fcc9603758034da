import { describe, expect, it } from 'vitest';
import { highlightRanges } from './highlight.js';
import { fold } from './tokenize.js';

const marked = (text: string, terms: string[]) => {
  let out = '';
  let at = 0;
  for (const [s, e] of highlightRanges(text, terms)) {
    out += text.slice(at, s) + '[' + text.slice(s, e) + ']';
    at = e;
  }
  return out + text.slice(at);
};

describe('highlightRanges', () => {
  it('marks every occurrence, ignoring case and diacritics, in the original text', () => {
    expect(marked('Zoë and ZOE met zoe', [fold('zoe')])).toBe('[Zoë] and [ZOE] met [zoe]');
    expect(marked('Straße strasse', [fold('strasse')])).toBe('[Straße] [strasse]');
  });
  it('works on CJK and emoji without splitting surrogate pairs', () => {
    expect(marked('😀 東京に行く', [fold('東京')])).toBe('😀 [東京]に行く');
  });
  it('merges overlapping matches and marks nothing when nothing matches', () => {
    expect(highlightRanges('abcabc', ['abc', 'bca'])).toEqual([[0, 6]]);
    expect(highlightRanges('<b>x</b>', ['zzz'])).toEqual([]);
  });
});
