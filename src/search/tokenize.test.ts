import { describe, expect, it } from 'vitest';
import { MAX_TERM_CHARS, fold, indexTerms, queryGroups, queryTerms, type QueryGroup } from './tokenize.js';

/**
 * What both engines do with our terms, in memory: every group must occur as consecutive terms,
 * the last one of a prefix group only needing to start with the query's term.
 */
function groupAt(doc: string[], g: QueryGroup, i: number): boolean {
  return g.terms.every((t, k) => {
    const d = doc[i + k];
    if (d === undefined) return false;
    return g.prefix && k === g.terms.length - 1 ? d.startsWith(t) : d === t;
  });
}
function finds(text: string, query: string): boolean {
  const doc = indexTerms(text);
  const groups = queryGroups(query);
  if (!groups.length) throw new Error(`query ${query} has no groups`);
  return groups.every((g) => doc.some((_, i) => groupAt(doc, g, i)));
}

describe('fold', () => {
  it('lowercases and drops diacritics in any normalization form', () => {
    expect(fold('Đơn hàng CỦA TÔI')).toBe('don hang cua toi');
    expect(fold('Đơn hàng'.normalize('NFD'))).toBe('don hang');
    expect(fold('NÃO, ação, coração')).toBe('nao, acao, coracao');
  });

  it('folds every Turkish i to i, and ş ğ ç ö ü to their base letters', () => {
    for (const w of ['İstanbul', 'istanbul', 'ISTANBUL', 'ıstanbul', 'İSTANBUL', 'I\u0307stanbul']) expect(fold(w)).toBe('istanbul');
    expect(fold('Şikâyet ĞÜÇÖ')).toBe('sikayet guco');
  });

  it('folds full-width forms, ligatures and letters without a decomposition', () => {
    expect(fold('ＡＢＣ１２３ ﬁne')).toBe('abc123 fine');
    expect(fold('Straße Łódź Øre Æble cœur')).toBe('strasse lodz ore aeble coeur');
  });

  it('keeps Armenian letters, lowercased, and removes the in-word question/emphasis marks', () => {
    expect(fold('ՀԱՃԱԽՈՐԴ')).toBe('հաճախորդ');
    expect(fold('ինչո՞ւ')).toBe('ինչու');
    expect(fold('շա՛տ')).toBe('շատ');
  });

  it('removes invisible joiners and soft hyphens inside words', () => {
    expect(fold('cus\u00adtomer sup\u200dport')).toBe('customer support');
  });

  it('keeps Hangul syllables whole (marks are dropped, syllables recompose)', () => {
    expect(fold('주문'.normalize('NFD'))).toBe('주문');
  });
});

describe('indexTerms', () => {
  it('splits words on anything that is not a letter or digit', () => {
    expect(indexTerms('Where is my order #4521?! 😡 https://shop.example.com/o/4521 @ana_lima')).toEqual([
      'where',
      'is',
      'my',
      'order',
      '4521',
      'https',
      'shop',
      'example',
      'com',
      'o',
      '4521',
      'ana',
      'lima',
    ]);
  });

  it('indexes a CJK run as ordered bigrams, then each character at the end of the document', () => {
    expect(indexTerms('退款 please 社交媒體')).toEqual(['退款', 'please', '社交', '交媒', '媒體', '退', '款', '社', '交', '媒', '體']);
    expect(indexTerms('我')).toEqual(['我']);
  });

  it('splits CJK away from Latin letters and digits written next to it', () => {
    expect(indexTerms('iPhone15壞了')).toEqual(['iphone15', '壞了', '壞', '了']);
  });

  it('ignores text with no letters or digits', () => {
    expect(indexTerms('🙂 🎉 ... !!! ---')).toEqual([]);
    expect(indexTerms('')).toEqual([]);
  });

  it('cuts very long words and caps the document so PostgreSQL can always index it', () => {
    const long = 'a'.repeat(500);
    expect(indexTerms(long)).toEqual(['a'.repeat(MAX_TERM_CHARS)]);
    expect(finds(long, 'a'.repeat(300))).toBe(true);
    const huge = indexTerms('word '.repeat(40_000));
    expect(huge.length).toBeLessThanOrEqual(16_000);
    expect(huge.join(' ').length).toBeLessThan(256_000);
  });
});

describe('queryGroups', () => {
  it('makes the last word a prefix only when the query ends in it and it has 2+ characters', () => {
    expect(queryGroups('refund pl')).toEqual([
      { terms: ['refund'], prefix: false },
      { terms: ['pl'], prefix: true },
    ]);
    expect(queryGroups('refund pl ')).toEqual([
      { terms: ['refund'], prefix: false },
      { terms: ['pl'], prefix: false },
    ]);
    expect(queryGroups('refund.')).toEqual([{ terms: ['refund'], prefix: false }]);
    expect(queryGroups('refund a')).toEqual([
      { terms: ['refund'], prefix: false },
      { terms: ['a'], prefix: false },
    ]);
  });

  it('keeps punctuation-joined words together as a phrase', () => {
    expect(queryGroups('example.com e-posta ')).toEqual([
      { terms: ['example', 'com'], prefix: false },
      { terms: ['e', 'posta'], prefix: false },
    ]);
  });

  it('turns a CJK run into the phrase of its bigrams, never a prefix', () => {
    expect(queryGroups('社交媒體')).toEqual([{ terms: ['社交', '交媒', '媒體'], prefix: false }]);
    expect(queryGroups('退')).toEqual([{ terms: ['退'], prefix: false }]);
  });

  it('reduces operators and quotes to plain words, and drops duplicates', () => {
    expect(queryGroups('"a" OR b* NEAR(c) ship ship ')).toEqual([
      { terms: ['a'], prefix: false },
      { terms: ['or'], prefix: false },
      { terms: ['b'], prefix: false },
      { terms: ['near', 'c'], prefix: false },
      { terms: ['ship'], prefix: false },
    ]);
    expect(queryTerms('ship SHIP Ship')).toEqual(['ship']);
  });

  it('has nothing to search in emoji and punctuation', () => {
    expect(queryGroups('😡 ?! "" ** :: && || ()')).toEqual([]);
    expect(queryGroups('   ')).toEqual([]);
  });

  it('caps a long query at 64 terms and then makes no prefix', () => {
    const groups = queryGroups(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '));
    expect(groups).toHaveLength(64);
    expect(groups.some((g) => g.prefix)).toBe(false);
  });
});

describe('what a query finds', () => {
  it('Vietnamese: with or without diacritics, either way round', () => {
    expect(finds('Đơn hàng của tôi đâu?', 'đơn hàng')).toBe(true);
    expect(finds('Đơn hàng của tôi đâu?', 'don hang')).toBe(true);
    expect(finds('don hang cua toi dau', 'Đơn Hàng')).toBe(true);
    expect(finds('Hỗ trợ khách hàng là cơ hội hiếm hoi để kết nối', 'ho tro khach')).toBe(true);
    expect(finds('Đơn hàng của tôi đâu?', 'hoàn tiền')).toBe(false);
  });

  it('Turkish: İstanbul in every spelling, şikayet ~ sikayet, sapmayın ~ sapmayin', () => {
    for (const q of ['İstanbul', 'istanbul', 'ISTANBUL', 'ıstanbul']) expect(finds('İSTANBUL şubesi kapalı', q)).toBe(true);
    expect(finds('Bir şikayetim var', 'sikayetim')).toBe(true);
    expect(finds('Bir sikayetim var', 'şikayet')).toBe(true); // prefix of the last word
    expect(finds('sapmayın ve suçu müşteriye atmayın', 'MÜŞTERİYE')).toBe(true);
  });

  it('Chinese: any substring of two or more characters matches; a single character matches where it occurs', () => {
    const text = '社交媒體平臺允許企業實時解決客戶問題，從而提供快速、便捷的支持。';
    for (const q of ['社交', '社交媒體', '解決客戶問題', '客戶', '便捷的支持']) expect(finds(text, q)).toBe(true);
    expect(finds(text, '媒體社交')).toBe(false); // the same characters in another order
    expect(finds(text, '快速便捷')).toBe(false); // not a substring: punctuation sits between them
    expect(finds(text, '問')).toBe(true);
    expect(finds(text, '退')).toBe(false);
    expect(finds(text, '客戶 支持')).toBe(true); // two groups, any order
  });

  it('Chinese next to Latin words', () => {
    expect(finds('我的iPhone壞了', 'iphone')).toBe(true);
    expect(finds('我的iPhone壞了', '壞了')).toBe(true);
    expect(finds('我的iPhone壞了', 'iPhone壞了')).toBe(true);
  });

  it('Armenian: case-insensitive, prefixes, in-word question marks', () => {
    const text = 'Մարդկանց 64%-ը նախընտրում է հաղորդագրություն ուղարկել, ինչո՞ւ';
    expect(finds(text, 'ՀԱՂՈՐԴԱԳՐՈՒԹՅՈՒՆ')).toBe(true);
    expect(finds(text, 'հաղորդ')).toBe(true);
    expect(finds(text, 'ինչու')).toBe(true);
    expect(finds(text, 'զանգահարել')).toBe(false);
  });

  it('Portuguese: não ~ nao, atenção ~ atencao', () => {
    expect(finds('Eu não recebi meu pedido', 'nao recebi')).toBe(true);
    expect(finds('Atendimento ao cliente pela mídia social', 'MIDIA')).toBe(true);
    expect(finds('nao recebi', 'não')).toBe(true);
  });

  it('hashtags and @handles: the # and @ are ignored, so #frete finds "frete" and the other way round', () => {
    expect(finds('Grátis: #FreteGrátis hoje', 'fretegratis')).toBe(true);
    expect(finds('frete grátis hoje', '#frete')).toBe(true);
    expect(finds('cc @ana_lima', '@ana_lima')).toBe(true);
    expect(finds('cc @ana_lima', 'lima ana ')).toBe(true);
  });

  it('URLs and e-mail addresses match by their parts, in order when written together', () => {
    const text = 'see https://shop.example.com/orders/4521 or mail help@example.com';
    expect(finds(text, 'example.com/orders')).toBe(true);
    expect(finds(text, 'help@example.com')).toBe(true);
    expect(finds(text, 'com.example ')).toBe(false);
  });

  it('emoji neither match nor get in the way', () => {
    expect(finds('I love it 😍😍', 'love 😍')).toBe(true);
  });
});
