import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './analyze.js';
import { classifyIntent } from './intent.js';
import { needsReply } from './needs-reply.js';
import { computePriority } from './priority.js';
import { checkTone } from './tone.js';
import { trollScore } from './troll.js';
import { findPii } from './pii.js';

describe('classifyIntent', () => {
  const cases: Array<[string, string]> = [
    ['@acme where is my order?? been waiting 2 weeks', 'complaint'],
    ['how do i change my delivery address?', 'question'],
    ['cadê meu pedido? ainda não chegou 😤', 'complaint'],
    ['quanto custa o plano anual? quero comprar', 'purchase'],
    ['Bu ürünün fiyatı ne kadar?', 'purchase'],
    ['Amei o atendimento, obrigada!!! 💕', 'praise'],
    ['cảm ơn shop nhiều, tuyệt vời', 'praise'],
    ['sugestão: vocês deveriam ter modo escuro no app', 'feedback'],
    ['follow back pls, check my page, free followers 🔥 https://a.b/c https://d.e/f', 'spam'],
    ['you bunch of idiots, go to hell', 'abuse'],
    ['请问什么时候发货？', 'question'],
    ['going to the beach with friends today', 'other'],
  ];
  for (const [text, label] of cases) it(`${label}: ${text}`, () => expect(classifyIntent(text).label).toBe(label));

  it('says which cues decided', () => {
    const r = classifyIntent('refund please, the item is broken');
    expect(r.label).toBe('complaint');
    expect(r.cues).toEqual(expect.arrayContaining(['refund', 'broken']));
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});

describe('needsReply', () => {
  it('answers what is addressed to the brand and observes chatter about it', () => {
    const q = classifyIntent('where is my order?');
    const calm = trollScore('where is my order?');
    expect(needsReply('@acme where is my order?', q, calm, { kind: 'mention', brandHandles: ['@acme'] })).toMatchObject({ value: true });
    expect(needsReply('my sister asked where is my order lol', q, calm, { kind: 'mention', brandHandles: ['@acme'] })).toMatchObject({ value: false });
    expect(needsReply('hi', classifyIntent('hi'), calm, { kind: 'dm' })).toMatchObject({ value: true });
    const spam = classifyIntent('follow back, free followers https://a.b https://c.d');
    expect(needsReply('x', spam, calm, { kind: 'dm' })).toEqual({ value: false, reason: 'spam' });
  });
});

describe('trollScore', () => {
  it('leans troll for vague insults and customer for specifics', () => {
    const troll = trollScore('YOU ARE ALL IDIOTS, WORST COMPANY EVER!!!');
    const text = 'Order #A12345 from 12/03, charged €49.90 twice, I called yesterday — this is the worst';
    const customer = trollScore(text, findPii(text));
    expect(troll.score).toBeGreaterThan(0.7);
    expect(customer.score).toBeLessThan(0.3);
    expect(customer.signals.map((s) => s.signal)).toEqual(expect.arrayContaining(['order or booking reference', 'an amount', 'a date']));
  });
});

describe('checkTone', () => {
  it('underlines dismissive and blaming words in English with positions', () => {
    const text = 'As I said, you should have just read the FAQ.';
    const r = checkTone({ text, customerText: 'So disappointed, still no refund. Terrible.', customerName: 'Ana Lima' });
    expect(r.hints.map((h) => h.kind)).toEqual(['dismissive', 'blame', 'dismissive', 'no-apology', 'no-name']);
    for (const h of r.hints.filter((x) => x.start !== undefined)) expect(text.slice(h.start, h.end)).toBe(h.text);
  });

  it('has rules in Portuguese, Turkish and Vietnamese, and is quiet for a good reply', () => {
    expect(checkTone({ text: 'Como já informado, é só reiniciar o app.', language: 'pt' }).hints.map((h) => h.kind)).toEqual(['dismissive', 'dismissive']);
    expect(checkTone({ text: 'Dediğim gibi, formu okumadınız.', language: 'tr' }).hints.map((h) => h.kind)).toEqual(['dismissive', 'blame']);
    expect(checkTone({ text: 'Như đã nói, lỗi của bạn.', language: 'vi' }).hints.map((h) => h.kind)).toEqual(['dismissive', 'blame']);
    expect(
      checkTone({
        text: 'Ana, sentimos muito pelo atraso! Já estamos verificando.',
        customerText: 'Péssimo, meu pedido atrasou',
        customerName: 'Ana',
        language: 'pt',
      }).hints,
    ).toEqual([]);
  });

  it('takes a workspace’s own rule list', () => {
    const rules = { en: { dismissive: ['per policy'], blame: [], apology: ['sorry'] } };
    expect(checkTone({ text: 'Just per policy.', language: 'en', rules }).hints.map((h) => h.text)).toEqual(['per policy']);
  });
});

describe('computePriority', () => {
  it('adds explainable points and sorts reasons by weight', () => {
    const a = analyzeMessage('@acme my order #A12345 never arrived, refund please', { kind: 'mention', brandHandles: ['@acme'] });
    const p = computePriority({
      ...a,
      sentiment: { ...a.sentiment, confidence: 1, via: 'model' },
      intent: { ...a.intent, cues: [] },
      visibility: 'public',
      vip: true,
      waitingMinutes: 120,
    });
    expect(p.reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['complaint', 'VIP contact', 'public: everyone sees how we answer', 'waiting 120 min']),
    );
    expect(p.score).toBe(p.reasons.reduce((s, r) => s + r.points, 0));
    const calm = computePriority({ visibility: 'private' });
    expect(calm.score).toBe(0);
  });
});
