import { describe, expect, it } from 'vitest';
import { findPii, ibanValid, luhnValid } from './pii.js';

const types = (text: string, opts = {}) => findPii(text, opts).map((p) => `${p.type}:${p.text}`);

describe('findPii', () => {
  it('finds each kind with exact positions', () => {
    const text = 'Mail ana.lima+x@example.com.br or call +55 11 98765-4321. Card 4111-1111-1111-1111, IBAN GB82 WEST 1234 5698 7654 32, order #BR-77812';
    const spans = findPii(text);
    expect(spans.map((s) => s.type)).toEqual(['email', 'phone', 'card', 'iban', 'reference']);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds phone numbers in international formats', () => {
    expect(types('ring me +44 20 7946 0958')).toEqual(['phone:+44 20 7946 0958']);
    expect(types('số tôi +84 912 345 678 nhé')).toEqual(['phone:+84 912 345 678']);
    expect(types('numaram +90 532 123 45 67')).toEqual(['phone:+90 532 123 45 67']);
    expect(types('call (415) 555-2671 please', { defaultCountry: 'US' })).toEqual(['phone:(415) 555-2671']);
  });

  it('ignores prices, dates, years, tracking numbers and non-Luhn digit runs', () => {
    for (const t of [
      'It cost $1,299.99 in 2023 and €45,50 last year',
      'delivered 12/03/2024 at 14:30, ordered 2024-03-10',
      'tracking 9400 1118 9922 3344 5566 77',
      'tracking 1Z999AA10123456784',
      'my card ends in 4242, number 4111 1111 1111 1112',
      'GB82 WEST 1234 5698 7654 33 is not a valid IBAN',
      'version 10.15.7, build 20231012',
      'followers: 1 234 567',
    ])
      expect(types(t), t).toEqual([]);
  });

  it('takes order patterns from the workspace', () => {
    const opts = { referencePatterns: [{ label: 'booking', pattern: '\\bBK-\\d{6}\\b' }] };
    expect(types('see BK-123456 and order #A12345', opts)).toEqual(['reference:BK-123456']);
    expect(types('Siparişim #TR-4521 hâlâ gelmedi')).toEqual(['reference:TR-4521']);
    expect(types('I ordered 2 pizzas')).toEqual([]);
  });

  it('finds spelled-out e-mails, Troy cards and references after a "code"/"ref"/"号" word', () => {
    expect(types('email is anna at gmail dot com pls')).toEqual(['email:anna at gmail dot com']);
    expect(types('ana arroba gmail ponto com')).toEqual(['email:ana arroba gmail ponto com']);
    expect(types('meet me at the store, dot com bubble')).toEqual([]);
    expect(types('troy kartım 9792 0300 0000 0000')).toEqual(['card:9792 0300 0000 0000']);
    expect(types('rezervasyon kodum K2P9L1')).toEqual(['reference:K2P9L1']);
    expect(types('booking ref: XK7P2Q')).toEqual(['reference:XK7P2Q']);
    expect(types('订单号 88123 还没到')).toEqual(['reference:88123']);
  });

  it('validates checksums', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
