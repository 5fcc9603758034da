import { describe, expect, it } from 'vitest';
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

  it("says 'und' for text too short to tell", () => {
    expect(detectLanguage('lol').code).toBe('und');
    expect(detectLanguage('👍').code).toBe('und');
    expect(detectLanguage('').code).toBe('und');
  });

  // Measured 99.5 % on 874 seed sentences (docs/triage.md); the floor leaves a small margin.
  it('identifies the seed articles (vi, zh, tr, hy, pt) sentence by sentence', () => {
    const items = seedSentences();
    expect(items.length).toBeGreaterThan(500);
    expect(accuracy(items.map((s) => s.lang), items.map((s) => detectLanguage(s.text).code))).toBeGreaterThan(0.98);
  });

  // Measured on XLM-T test: 94.1 % over all eight folders; the Hindi folder is a quarter plain English,
  // so it is held to a lower floor than the seven others (≥ 91.4 % each, 98.0 % together).
  it('identifies XLM-T test tweets by their folder language', () => {
    const test = loadSplit('test');
    const pred = test.map((t) => detectLanguage(t.text).code);
    const gold = test.map((t) => t.lang);
    expect(accuracy(gold, pred)).toBeGreaterThan(0.935);
    const notHi = gold.flatMap((g, i) => (g === 'hi' ? [] : [i]));
    expect(accuracy(notHi.map((i) => gold[i]), notHi.map((i) => pred[i]))).toBeGreaterThan(0.975);
  });
});
