import { describe, expect, it } from 'vitest';
import { acceptedLanguages, CUSTOMER_LANGUAGES, CUSTOMER_TEXTS, customerText, isDefaultText, pickLanguage } from './index.js';

const placeholders = (s: string) => [...s.matchAll(/\{\{?\s*(\w+)\s*\}?\}/g)].map((m) => m[0].replace(/\s/g, '')).sort();

describe('the customer-facing text catalog', () => {
  it('has every language for every key, none empty, with the same placeholders as the English', () => {
    const gaps: string[] = [];
    for (const [key, versions] of Object.entries(CUSTOMER_TEXTS)) {
      const en = (versions as Record<string, string>).en!;
      for (const lang of CUSTOMER_LANGUAGES) {
        const v = (versions as Record<string, string | undefined>)[lang];
        if (!v?.trim()) gaps.push(`${key}: no ${lang}`);
        else if (JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(en)))
          gaps.push(`${key}.${lang}: placeholders ${placeholders(v)} ≠ ${placeholders(en)}`);
      }
      const extra = Object.keys(versions).filter((l) => !(CUSTOMER_LANGUAGES as readonly string[]).includes(l));
      if (extra.length) gaps.push(`${key}: unknown languages ${extra}`);
    }
    expect(gaps).toEqual([]);
  });

  it('translates: no sentence is left in English in another language', () => {
    // Short words that are the same in both languages are fine ("Chat" in Spanish); sentences are not.
    const copies = Object.entries(CUSTOMER_TEXTS).flatMap(([key, v]) =>
      CUSTOMER_LANGUAGES.filter((l) => l !== 'en' && v[l] === v.en && v.en.split(' ').length > 2).map((l) => `${key}.${l}`),
    );
    expect(copies).toEqual([]);
  });

  it('picks the first language Hearken writes in, else English', () => {
    expect(pickLanguage('pt-BR', 'es')).toBe('pt');
    expect(pickLanguage('und', null, 'zh-Hant-TW')).toBe('zh');
    expect(pickLanguage('fr', undefined, 'HY')).toBe('hy');
    expect(pickLanguage('fr', 'de')).toBe('en');
    expect(pickLanguage()).toBe('en');
  });

  it('reads Accept-Language best first', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, tr;q=0.95, *;q=0.5, en;q=0')).toEqual(['fr-CH', 'tr', 'fr']);
    expect(pickLanguage(...acceptedLanguages('fr-CH, fr;q=0.9, vi;q=0.8'))).toBe('vi');
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('fills placeholders and recognises its own defaults in any language', () => {
    expect(customerText('autoReply.nextOpen', 'es', { day: 'lunes', time: '09:00' })).toBe('el lunes a las 09:00');
    expect(isDefaultText('moveToPrivate.publicNote', " We've sent you a private message. ")).toBe(true);
    expect(isDefaultText('moveToPrivate.publicNote', 'Enviamos uma mensagem privada para você.')).toBe(true);
    expect(isDefaultText('moveToPrivate.publicNote', 'Check your DMs!')).toBe(false);
  });
});
