import { describe, expect, it } from 'vitest';
import { hasHindiWord, hindiCeiling } from './eval/hindi-ceiling.js';
import { detectLanguage } from './language.js';
import { loadSplit } from './train/data.js';
import { seedSentences } from './train/evaluate.js';
import { accuracy } from './train/metrics.js';

describe('detectLanguage', () => {
  it('decides by script alone when the script names the language', () => {
    expect(detectLanguage('Մարդկանց 64%-ը նախընտրում է հաղորդագրություն').code).toBe('hy');
    expect(detectLanguage('我的订单还没到，请问什么时候发货？').code).toBe('zh');
    expect(detectLanguage('注文した商品がまだ届きません').code).toBe('ja');
    expect(detectLanguage('주문이 아직 안 왔어요').code).toBe('ko');
    expect(detectLanguage('متى يصل طلبي؟ @user http://x.co').code).toBe('ar');
    expect(detectLanguage('मेरा ऑर्डर कहाँ है').code).toBe('hi');
    // Latin brand names inside Chinese text do not outvote it.
    expect(detectLanguage('LinkedIn:專業網絡,適合提供B2B客戶服務').code).toBe('zh');
  });

  it('recognises Vietnamese and Turkish by their letters and words', () => {
    expect(detectLanguage('Đơn hàng của tôi đâu? Tôi đã đặt hôm thứ Hai.').code).toBe('vi');
    expect(detectLanguage('Merhaba, siparişim hâlâ gelmedi 😡 @acme').code).toBe('tr');
  });

  it('ignores handles, hashtags, links and emoji', () => {
    expect(detectLanguage('@user @user #BlackFriday #Deals https://t.co/xyz 😂😂😂 ok').code).toBe('und');
    expect(detectLanguage('@acme onde está o meu pedido? já faz duas semanas #atraso https://t.co/a').code).toBe('pt');
  });

  it('calls romanised Hindi Hindi when two of its function words are there, not English that quotes one', () => {
    const hindi = detectLanguage('300crore aram se kama legi ye toh bhai ka kaam hai');
    expect(hindi).toMatchObject({ code: 'hi', via: 'cue' });
    expect(detectLanguage('mujhe interest nhi').code).toBe('hi');
    // One Hindi word in an English sentence is not enough for the cue; the model decides.
    expect(detectLanguage('you can chat for hours but you cannot meet because of your own thoughts of zamana kya sochega').code).toBe('en');
    // Italian "hai" alone is not Hindi.
    expect(detectLanguage('ciao, hai visto la partita di ieri sera?').code).toBe('it');
  });

  it('judges the Hindi-folder ceiling by words, not by the folder', () => {
    expect(hasHindiWord('chal hgya teri prem khanani over !')).toBe(true);
    expect(hasHindiWord('or btaaa')).toBe(true); // stretched letters
    expect(hasHindiWord('watching the 2nd punisher . wish they would make another one')).toBe(false);
    expect(hasHindiWord('@user #aapsweep main to the door')).toBe(false); // English homographs, tags and handles do not count
    const c = hindiCeiling([
      { text: 'ye bhi add kr dete garbage bin', lang: 'hi' },
      { text: 'that movie flight with denzel looks really good', lang: 'hi' },
      { text: 'the joke is on us', lang: 'en' },
    ]);
    expect(c).toMatchObject({ n: 2, noHindiWord: 1, hindiCeiling: 0.5, englishWithHindiWord: 0, englishN: 1 });
  });

  it("says 'und' for text too short to tell", () => {
    expect(detectLanguage('lol').code).toBe('und');
    expect(detectLanguage('👍').code).toBe('und');
    expect(detectLanguage('').code).toBe('und');
  });

  // Measured 99.5 % on 874 seed sentences (docs/triage.md); the floor leaves a small margin.
  it('identifies the seed articles (vi, zh, tr, hy, pt) sentence by sentence', () => {
    const items = seedSentences();
    expect(items.length).toBeGreaterThan(500);
    expect(
      accuracy(
        items.map((s) => s.lang),
        items.map((s) => detectLanguage(s.text).code),
      ),
    ).toBeGreaterThan(0.98);
  });

  // Measured on XLM-T test: 94.8 % over all eight folders. 242 of the Hindi folder's 870 tweets hold
  // no Hindi word (ceiling 72.2 % there, 96.5 % overall), so that folder is held to a lower floor than
  // the seven others (98.7 % together, ≥ 94.6 % each); its tweets that do hold a Hindi word are 93.3 %
  // called Hindi, and only 9 of the 242 without one are.
  it('identifies XLM-T test tweets by their folder language', () => {
    const test = loadSplit('test');
    const pred = test.map((t) => detectLanguage(t.text).code);
    const gold = test.map((t) => t.lang);
    expect(accuracy(gold, pred)).toBeGreaterThan(0.945);
    const notHi = gold.flatMap((g, i) => (g === 'hi' ? [] : [i]));
    expect(
      accuracy(
        notHi.map((i) => gold[i]),
        notHi.map((i) => pred[i]),
      ),
    ).toBeGreaterThan(0.983);
    for (const lang of ['ar', 'en', 'fr', 'de', 'it', 'pt', 'es']) {
      const idx = notHi.filter((i) => gold[i] === lang);
      expect(
        accuracy(
          idx.map((i) => gold[i]),
          idx.map((i) => pred[i]),
        ),
        lang,
      ).toBeGreaterThan(0.94);
    }
    const hindi = test.flatMap((t, i) => (t.lang === 'hi' && hasHindiWord(t.text) ? [pred[i]] : []));
    expect(hindi.filter((p) => p === 'hi').length / hindi.length).toBeGreaterThan(0.92);
    const english = test.flatMap((t, i) => (t.lang === 'hi' && !hasHindiWord(t.text) ? [pred[i]] : []));
    expect(english.filter((p) => p === 'hi').length / english.length).toBeLessThan(0.05);
  });

  // Short messages are most of social traffic: the model learns from windows of 1–3 words too.
  it('tells short messages apart', () => {
    expect(detectLanguage('why no phone again?!').code).toBe('en');
    expect(detectLanguage('obrigado pela ajuda').code).toBe('pt');
    expect(detectLanguage('vielen Dank für nichts').code).toBe('de');
    expect(detectLanguage('kab aayega mera order').code).toBe('hi');
  });
});
