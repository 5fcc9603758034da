import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText } from './clean-text.js';

describe('cleanText', () => {
  it('removes NUL and replaces lone surrogates with U+FFFD, keeping pairs and everything else', () => {
    expect(cleanText('a\u0000b\0c')).toBe('abc');
    expect(cleanText('\ud800x')).toBe('\ufffdx');
    expect(cleanText('x\udc00')).toBe('x\ufffd');
    expect(cleanText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(cleanText('ok 😀 \ud83d')).toBe('ok 😀 \ufffd');
    expect(cleanText('tab\tbell\u0007 Đơn hàng 中文')).toBe('tab\tbell\u0007 Đơn hàng 中文');
    const clean = 'nothing to do';
    expect(cleanText(clean)).toBe(clean);
  });
});

describe('cleanDeep', () => {
  it('cleans every string and key of parsed JSON, and returns the same value when nothing needs it', () => {
    const parsed = JSON.parse('{"a":"x\\u0000y","n":[1,"\\ud800",{"k\\u0000":true}],"d":{"deep":{"t":"ok\\udfff"}},"z":null}');
    expect(cleanDeep(parsed)).toEqual({ a: 'xy', n: [1, '\ufffd', { k: true }], d: { deep: { t: 'ok\ufffd' } }, z: null });
    const fine = { a: 'b', n: [1, 2, { c: 'd' }] };
    expect(cleanDeep(fine)).toBe(fine);
    expect(cleanDeep('\0')).toBe('');
    expect(cleanDeep(42)).toBe(42);
  });

  it('keeps a "__proto__" key a plain property, leaves non-plain objects alone, and survives depth and sharing', () => {
    const proto = cleanDeep(JSON.parse('{"__proto__":{"x":"\\u0000"}}'));
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
    const date = new Date(0);
    expect(cleanDeep({ d: date, s: '\0' })).toEqual({ d: date, s: '' });
    let deep: unknown = 'bottom\0';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let out = cleanDeep(deep) as unknown;
    while (Array.isArray(out)) out = out[0];
    expect(out).toBe('bottom');
    const shared = { t: '\0x' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const c = cleanDeep(cyclic) as Record<string, any>;
    expect(c.a).toEqual({ t: 'x' });
    expect(c.a).toBe(c.b);
    expect(c.self).toBe(c);
  });
});
