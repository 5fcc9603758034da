import { describe, expect, it } from 'vitest';
import { snippet } from './snippet.js';

describe('snippet', () => {
  it('returns a short body whole', () => {
    expect(snippet('Đơn hàng của tôi đâu?', ['don'])).toBe('Đơn hàng của tôi đâu?');
  });

  it('opens a window on the first match of a long body, found through folding, cut at word boundaries', () => {
    const body = `${'Lorem ipsum dolor sit amet. '.repeat(10)}Bir ŞİKAYETİM var: sipariş gelmedi. ${'Consectetur adipiscing elit. '.repeat(10)}`;
    const s = snippet(body, ['sikayetim']);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('Bir ŞİKAYETİM var');
    expect([...s].length).toBeLessThanOrEqual(162);
    expect(s.slice(1, 2)).not.toBe(' ');
  });

  it('finds CJK bigrams and falls back to the start when nothing matches', () => {
    const body = `${'。'.repeat(200)}社交媒體平臺${'。'.repeat(200)}`;
    expect(snippet(body, ['媒體'])).toContain('社交媒體平臺');
    expect(snippet('x'.repeat(300), ['nope'])).toBe(`${'x'.repeat(160)}…`);
  });

  it('keeps markup as plain text', () => {
    const body = `<script>alert(1)</script> ${'filler '.repeat(40)}`;
    expect(snippet(body, ['alert'])).toContain('<script>alert(1)</script>');
  });
});
