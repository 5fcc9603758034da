import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';

const src = path.dirname(fileURLToPath(import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)]));
const sources = files(src).filter((f) => /\.(tsx?|html)$/.test(f) && !f.endsWith('.test.ts'));

describe('the web app source', () => {
  it('never renders HTML from strings', () => {
    const banned = [
      'dangerously' + 'SetInnerHTML',
      '.inner' + 'HTML',
      '.outer' + 'HTML',
      'insertAdjacent' + 'HTML',
      'document.' + 'write',
      'new ' + 'Function(',
      'eval' + '(',
    ];
    const hits = sources.flatMap((f) => banned.filter((b) => readFileSync(f, 'utf8').includes(b)).map((b) => `${path.relative(src, f)}: ${b}`));
    expect(hits).toEqual([]);
  });

  it("asks through the app's own dialog (components/dialog.tsx), never the browser's prompt, confirm or alert", () => {
    const native = /\b(?:window\.)?(?:prompt|confirm|alert)\s*\(/;
    const hits = sources
      .filter((f) => !f.endsWith('dialog.tsx'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => native.test(line) && !/dialogs\.(?:prompt|confirm)\(|\/\/|^\s*\*/.test(line))
          .map((line) => `${path.relative(src, f)}: ${line.trim()}`),
      );
    expect(hits).toEqual([]);
  });

  it('keeps UI strings in the catalog: every t() key exists', () => {
    const used = new Set(sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!)));
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('defines each catalog key in one file only (a later catalog would silently replace the earlier wording)', () => {
    const catalogs = files(path.join(src, 'i18n')).filter((f) => /\/en(-[a-z-]+)?\.ts$/.test(f));
    const owners = new Map<string, string[]>();
    for (const f of catalogs)
      for (const m of readFileSync(f, 'utf8').matchAll(/^\s*'([^']+)':/gm)) owners.set(m[1]!, [...(owners.get(m[1]!) ?? []), path.basename(f)]);
    const twice = [...owners].filter(([, where]) => where.length > 1).map(([k, where]) => `${k}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('gives every colour in a stylesheet a dark-mode twin (light-dark() or a variable)', () => {
    const sheets = files(src).filter((f) => f.endsWith('.css'));
    const hits = sheets.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        // A colour outside light-dark() would stay the same in dark mode: white text on a fill is the one exception.
        .filter((line) => /#[0-9a-fA-F]{3,8}\b/.test(line.replace(/light-dark\([^()]*\)/g, '')) && !/^\s*color:\s*#fff(?:fff)?;/.test(line))
        .map((line) => `${path.relative(src, f)}: ${line.trim()}`),
    );
    expect(sheets.length).toBeGreaterThan(2);
    expect(hits).toEqual([]);
  });
});
