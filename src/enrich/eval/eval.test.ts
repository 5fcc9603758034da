import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evalIntent, evalPii, evalTroll, expectedSpans, loadSet, scoreClasses } from './labelled-sets.js';
import { formatReport, runEval, type FullReport } from './run-eval.js';

describe('npm run eval', () => {
  it('computes its numbers from the engine on the data (a small slice)', async () => {
    const r: FullReport = await runEval({ limit: 15, log: () => {} });
    const langs = r.xlmt.map((x) => x.lang);
    expect(langs).toEqual(['ar', 'en', 'fr', 'de', 'hi', 'it', 'pt', 'es', 'all']);
    expect(r.xlmt.find((x) => x.lang === 'all')!.n).toBe(8 * 15);
    for (const x of r.xlmt) {
      expect(x.languageAccuracy).toBeGreaterThanOrEqual(0);
      expect(x.languageAccuracy).toBeLessThanOrEqual(1);
      expect(typeof x.sentimentMacroF1).toBe('number');
      expect(x.anchors?.xlmtMulti).toBeGreaterThan(0);
    }
    for (const k of ['intent', 'needsReply', 'troll'] as const) {
      for (const split of ['dev', 'test'] as const) {
        const s = r.sets[k][split];
        expect(s.n).toBeGreaterThan(30);
        expect(s.macroF1).toBeGreaterThan(0);
        expect(s.perLanguage.map((l) => l.lang)).toEqual(expect.arrayContaining(['en', 'pt', 'es', 'tr', 'vi']));
      }
    }
    expect(r.sets.pii.test.expected).toBeGreaterThan(30);
    expect(r.targets.map((t) => t.name)).toHaveLength(5);
    expect(r.languageAccuracyWithoutHindi).toBeGreaterThan(0);
    expect(r.targets.every((t) => typeof t.value === 'number' && typeof t.met === 'boolean')).toBe(true);
    const md = formatReport(r);
    expect(md).toContain('| all |');
    expect(md).toContain('PII — exact spans');
  });

  it('scores what the engine answers, not fixed numbers: wrong gold labels lower the score', () => {
    const rows = loadSet('intent', 'dev').slice(0, 40);
    const honest = evalIntent(rows);
    const flipped = evalIntent(rows.map((r) => ({ ...r, label: r.label === 'spam' ? 'praise' : 'spam' })));
    expect(flipped.accuracy).toBeLessThan(honest.accuracy);
    const perfect = scoreClasses(rows, ['a', 'b', 'a'], ['a', 'b', 'a'], ['a', 'b']);
    expect(perfect).toMatchObject({ accuracy: 1, macroF1: 1 });
    const half = scoreClasses(rows.slice(0, 2), ['a', 'b'], ['a', 'a'], ['a', 'b']);
    expect(half.accuracy).toBe(0.5);
    expect(half.errors).toHaveLength(1);
    expect(evalTroll(loadSet('troll', 'dev')).perLabel.troll.n).toBe(20);
  });

  it('checks PII spans by type and exact position, and counts near-misses', () => {
    const row = {
      split: 'dev' as const,
      lang: 'en',
      text: 'mail a@b.co or a@b.co, $12.99',
      spans: [
        { type: 'email' as const, text: 'a@b.co' },
        { type: 'email' as const, text: 'a@b.co' },
      ],
    };
    expect(expectedSpans(row).map((s) => s.start)).toEqual([5, 15]);
    expect(evalPii([row])).toMatchObject({ expected: 2, correct: 2, precision: 1, recall: 1 });
    const wrong = evalPii([{ ...row, spans: [{ type: 'phone', text: 'a@b.co' }] }]);
    expect(wrong.recall).toBe(0);
    expect(wrong.falsePositives).toHaveLength(2);
    expect(evalPii([{ split: 'dev', lang: 'en', text: 'it cost $1,249.00 in 2019', spans: [] }]).nearMisses).toEqual({ n: 1, flagged: 0 });
    expect(() => expectedSpans({ ...row, spans: [{ type: 'email', text: 'x@y.z' }] })).toThrow('is not in');
  });

  it('prints exactly one JSON object on stdout with --json (progress on stderr)', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/enrich/eval/run-eval.ts', '--json', '--limit=5'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const r = JSON.parse(stdout);
    expect(Object.keys(r).sort()).toEqual(['hindiCeiling', 'languageAccuracyWithoutHindi', 'seeds', 'sets', 'targets', 'xlmt']);
    expect(r.hindiCeiling).toMatchObject({ n: 870, englishN: 870 });
    expect(r.hindiCeiling.overallCeiling).toBeLessThan(1);
    expect(r.hindiCeiling.withHindiWordCalledHi).toBeLessThanOrEqual(r.hindiCeiling.n - r.hindiCeiling.noHindiWord);
    expect(r.hindiCeiling.noHindiWordCalledHi).toBeLessThanOrEqual(r.hindiCeiling.noHindiWord);
    expect(r.xlmt.at(-1)).toMatchObject({ lang: 'all', n: 40 });
  }, 60_000);
});
