import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every request Hearken makes to the outside goes through src/net/outbound-http.ts (README
 * "Outbound requests"). This keeps it so: no global fetch and no websocket without the checked
 * lookup anywhere else in production code. Exempt: tests and fakes, and src/demo/, whose simulated
 * network posts deliveries to this very server as a network would.
 */
const root = path.resolve(import.meta.dirname, '..');
const exempt = (rel: string) => rel.endsWith('.test.ts') || rel.includes('/testing/') || /^(test|demo|net)\//.test(rel) || rel.endsWith('fake-network.ts');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : files(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('one door out', () => {
  const sources = files(root)
    .map((p) => ({ rel: path.relative(root, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') }))
    .filter((f) => !exempt(f.rel));

  it('no production code calls the global fetch', () => {
    // A call (`await fetch(`, `return fetch(`, `= fetch(`, `globalThis.fetch(`), not a method named fetch.
    const bare = /(?:\bawait|\breturn|[=(,:?]|globalThis\.)\s*fetch\(/;
    expect(
      sources.filter((f) => f.text.split('\n').some((l) => bare.test(l) && !l.trim().startsWith('//') && !l.trim().startsWith('*'))).map((f) => f.rel),
    ).toEqual([]);
  });

  it('a websocket client opens its connection with the outbound lookup', () => {
    expect(sources.filter((f) => /new WebSocket\(/.test(f.text) && !f.text.includes('socketOptions(')).map((f) => f.rel)).toEqual([]);
  });
});
