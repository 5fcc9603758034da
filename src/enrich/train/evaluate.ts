/**
 * Scores the committed engine on data it never learned from: language ID on the XLM-T test tweets
 * (label = the folder's language) and on sentences of the seed articles (vi, zh, tr, hy, pt), and
 * sentiment macro-F1 on the XLM-T test split per language and overall, beside the published anchors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detectLanguage } from '../language.js';
import { analyzeSentiment } from '../sentiment.js';
import { loadSplit, SENTIMENT_LABELS, sharedDir } from './data.js';
import { accuracy, macroF1 } from './metrics.js';

/** Macro-F1 × 100 from the XLM-T README (SOURCE.md): FastText mono and XLM-Tw multilingual. */
export const ANCHORS: Record<string, { ftMono: number; xlmtMulti: number }> = {
  ar: { ftMono: 46.0, xlmtMulti: 66.9 },
  en: { ftMono: 50.9, xlmtMulti: 70.6 },
  fr: { ftMono: 54.8, xlmtMulti: 71.2 },
  de: { ftMono: 59.6, xlmtMulti: 77.3 },
  hi: { ftMono: 37.1, xlmtMulti: 56.4 },
  it: { ftMono: 54.7, xlmtMulti: 69.1 },
  pt: { ftMono: 55.1, xlmtMulti: 75.4 },
  es: { ftMono: 50.1, xlmtMulti: 67.9 },
  all: { ftMono: 51.0, xlmtMulti: 69.4 },
};

// Seed files, by the language they are written in (read them: /work/shared/seeds).
const SEED_LANGS: Record<string, string> = { '000': 'vi', '001': 'zh', '002': 'tr', '003': 'hy', '004': 'pt' };

export interface EvalRow {
  lang: string;
  n: number;
  languageAccuracy: number;
  /** Share of messages answered 'und'. */
  unknown: number;
  sentimentMacroF1?: number;
}

export interface EvalReport {
  xlmt: EvalRow[];
  seeds: EvalRow[];
}

/** Sentences of at least 20 letters from the seed articles, labelled by file. */
export function seedSentences(dir = sharedDir()): Array<{ text: string; lang: string }> {
  const seeds = path.join(dir, 'seeds');
  const out: Array<{ text: string; lang: string }> = [];
  for (const f of readdirSync(seeds).sort()) {
    const lang = SEED_LANGS[f.slice(0, 3)];
    if (!lang) continue;
    for (const s of readFileSync(path.join(seeds, f), 'utf8').split(/(?<=[.!?。！？:])\s+|\n+/u)) {
      if ((s.match(/\p{L}/gu)?.length ?? 0) >= 20) out.push({ text: s.trim(), lang });
    }
  }
  return out;
}

function row(lang: string, items: Array<{ text: string; lang: string; label?: string }>, withSentiment: boolean): EvalRow {
  const langs = items.map((t) => detectLanguage(t.text).code);
  const r: EvalRow = {
    lang,
    n: items.length,
    languageAccuracy: accuracy(
      items.map((t) => t.lang),
      langs,
    ),
    unknown: langs.filter((l) => l === 'und').length / (items.length || 1),
  };
  if (withSentiment) {
    const pred = items.map((t, i) => analyzeSentiment(t.text, langs[i]).label);
    r.sentimentMacroF1 = macroF1(
      items.map((t) => t.label!),
      pred,
      SENTIMENT_LABELS,
    );
  }
  return r;
}

/** `limit`: only the first N tweets per language and N seed sentences per language (a quick slice for tests). */
export async function evaluateAll(opts: { limit?: number } = {}): Promise<EvalReport> {
  const slice = <T extends { lang: string }>(items: T[]) => {
    if (!opts.limit) return items;
    const seen = new Map<string, number>();
    return items.filter((t) => seen.set(t.lang, (seen.get(t.lang) ?? 0) + 1).get(t.lang)! <= opts.limit!);
  };
  const test = slice(loadSplit('test'));
  const langs = [...new Set(test.map((t) => t.lang))];
  const xlmt = [
    ...langs.map((l) =>
      row(
        l,
        test.filter((t) => t.lang === l),
        true,
      ),
    ),
    row('all', test, true),
  ];
  const seedItems = slice(seedSentences());
  const seedLangs = [...new Set(seedItems.map((t) => t.lang))];
  const seeds = [
    ...seedLangs.map((l) =>
      row(
        l,
        seedItems.filter((t) => t.lang === l),
        false,
      ),
    ),
    row('all', seedItems, false),
  ];
  return { xlmt, seeds };
}

const pct = (x: number) => (x * 100).toFixed(1);

export function printReport(r: EvalReport): void {
  console.log('\nXLM-T test split (870 tweets per language)');
  console.log('| lang | language-ID acc % | und % | sentiment macro-F1 | FT Mono | XLM-Tw Multi |');
  console.log('|---|---|---|---|---|---|');
  for (const x of r.xlmt) {
    const a = ANCHORS[x.lang];
    console.log(
      `| ${x.lang} | ${pct(x.languageAccuracy)} | ${pct(x.unknown)} | ${pct(x.sentimentMacroF1 ?? 0)} | ${a?.ftMono ?? ''} | ${a?.xlmtMulti ?? ''} |`,
    );
  }
  console.log('\nSeed article sentences (≥ 20 letters)');
  console.log('| lang | n | language-ID acc % | und % |');
  console.log('|---|---|---|---|');
  for (const x of r.seeds) console.log(`| ${x.lang} | ${x.n} | ${pct(x.languageAccuracy)} | ${pct(x.unknown)} |`);
}

if (process.argv[1]?.endsWith('evaluate.ts')) {
  const report = await evaluateAll();
  if (process.argv.includes('--json')) console.log(JSON.stringify(report));
  else printReport(report);
}
