import { describe, expect, it } from 'vitest';
import { fold } from '../search/tokenize.js';
import { foldFast, textForm } from './text-forms.js';

describe('text forms', () => {
  it('foldFast is fold, on every ASCII character and on mixed text', () => {
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    expect(foldFast(ascii)).toBe(fold(ascii));
    for (const s of ['Istanbul I İ ı', 'SPOTIFY Premium', 'Phở Bò', 'Straße', 'ինչո՞ւ', '客戶服務', 'e\u0301', '']) expect(foldFast(s)).toBe(fold(s));
  });

  it('the exact form keeps diacritics and drops only case and invisible marks', () => {
    expect(textForm('Phở BÒ ❤️', true)).toBe('phở bò ❤');
    expect(textForm('Pho\u031b\u0309', true)).toBe('phở'); // decomposed input composes
    expect(textForm('İstanbul', true)).toBe('istanbul');
    expect(textForm('ինչո՞ւ', true)).toBe('ինչու');
    expect(textForm('Phở BÒ', false)).toBe('pho bo');
  });
});
