import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF_MS, htmlToText, idGreater, rateLimitDelay, windowExhausted } from './http.js';

const now = Date.parse('2026-11-20T12:00:00Z');
const res = (status: number, headers: Record<string, string>) => new Response(null, { status, headers });

describe('rate-limit answers', () => {
  it('reads each network’s headers into a delay', () => {
    expect(rateLimitDelay(res(429, { 'retry-after': '30' }), now)).toBe(30_000);
    expect(rateLimitDelay(res(429, { 'retry-after': 'Fri, 20 Nov 2026 12:02:00 GMT' }), now)).toBe(120_000);
    expect(rateLimitDelay(res(429, { 'x-rate-limit-reset': String(now / 1000 + 900), 'x-rate-limit-remaining': '0' }), now)).toBe(900_000); // X: epoch seconds
    expect(rateLimitDelay(res(429, { 'x-ratelimit-reset': '2026-11-20T12:05:00.000Z' }), now)).toBe(300_000); // Mastodon: ISO time
    expect(rateLimitDelay(res(429, { 'x-ratelimit-reset': '420', 'x-ratelimit-remaining': '0' }), now)).toBe(420_000); // Reddit: seconds
    expect(rateLimitDelay(res(429, {}), now)).toBe(DEFAULT_BACKOFF_MS);
    expect(rateLimitDelay(res(503, { 'retry-after': '10' }), now)).toBe(10_000);
    expect(rateLimitDelay(res(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' }), now)).toBe(60_000);
  });

  it('is not a rate limit when the network did not say so', () => {
    expect(rateLimitDelay(res(500, {}), now)).toBeUndefined();
    expect(rateLimitDelay(res(503, {}), now)).toBeUndefined();
    expect(rateLimitDelay(res(401, {}), now)).toBeUndefined();
    expect(rateLimitDelay(res(200, { 'x-ratelimit-remaining': '0' }), now)).toBeUndefined();
  });

  it('reads a used-up window from a successful answer', () => {
    expect(windowExhausted(res(200, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 60) }), now)).toBe(60_000);
    expect(windowExhausted(res(200, { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '30' }), now)).toBe(30_000);
    expect(windowExhausted(res(200, { 'x-ratelimit-remaining': '12.0', 'x-ratelimit-reset': '30' }), now)).toBeUndefined();
    expect(windowExhausted(res(200, {}), now)).toBeUndefined();
  });

  it('turns post HTML into text and compares long ids', () => {
    expect(htmlToText('<p>a &amp; b<br/>c&#39;s &#x1F600;</p><p>d</p>')).toBe("a & b\nc's 😀\n\nd");
    expect(idGreater('1859211134567890124', '1859211134567890123')).toBe(true);
    expect(idGreater('99', '100')).toBe(false);
    expect(idGreater('5', undefined)).toBe(true);
  });
});
