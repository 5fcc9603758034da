/**
 * Our own labelled multilingual sets (src/enrich/eval-data/*.jsonl) and how the engine is scored on
 * them. Each row carries `split`: `dev` may be looked at while tuning cue lists, `test` never is —
 * `npm run eval` reports test (and dev beside it, so over-fitting to dev shows as a gap).
 */
import { readFileSync } from 'node:fs';
import { analyzeMessage } from '../analyze.js';
import type { NeedsReplyContext } from '../needs-reply.js';
import { findPii, type PiiType } from '../pii.js';
import { TROLL_LEANING } from '../troll.js';
import { accuracy, macroF1 } from '../train/metrics.js';
import type { CountryCode } from 'libphonenumber-js';

export type Split = 'dev' | 'test';
export const INTENT_LABELS = ['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other'];
/** The handle the needs-reply set's messages use for "our" brand. */
export const SET_BRAND_HANDLES = ['@acme'];

interface Row {
  split: Split;
  lang: string;
  text: string;
}
export interface IntentRow extends Row {
  label: string;
}
export interface NeedsReplyRow extends Row {
  kind: NonNullable<NeedsReplyContext['kind']>;
  addressedToBrand?: boolean;
  label: boolean;
}
export interface TrollRow extends Row {
  label: 'troll' | 'customer';
}
export interface PiiRow extends Row {
  country?: string;
  spans: Array<{ type: PiiType; text: string }>;
}

export interface SetName {
  intent: IntentRow;
  'needs-reply': NeedsReplyRow;
  troll: TrollRow;
  pii: PiiRow;
}

export function loadSet<K extends keyof SetName>(name: K, split?: Split): Array<SetName[K]> {
  const raw = readFileSync(new URL(`../eval-data/${name}.jsonl`, import.meta.url), 'utf8');
  const rows = raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as SetName[K];
      } catch {
        throw new Error(`eval-data/${name}.jsonl line ${i + 1} is not JSON`);
      }
    });
  return split ? rows.filter((r) => r.split === split) : rows;
}

export interface ClassScore {
  n: number;
  accuracy: number;
  macroF1: number;
}
export interface SetScore extends ClassScore {
  perLanguage: Array<{ lang: string } & ClassScore>;
  /** Per label: precision, recall, F1 and how many rows carry it. */
  perLabel: Record<string, { n: number; precision: number; recall: number; f1: number }>;
  /** A few rows the engine got wrong (text, expected, got), to read. */
  errors: Array<{ lang: string; text: string; expected: string; got: string }>;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function classScore(gold: string[], pred: string[], labels: string[]): ClassScore {
  return { n: gold.length, accuracy: round(accuracy(gold, pred)), macroF1: round(macroF1(gold, pred, labels)) };
}

/** Scores predictions against gold: overall, per language, per label. */
export function scoreClasses(rows: Array<{ lang: string; text: string }>, gold: string[], pred: string[], labels: string[], maxErrors = 40): SetScore {
  const perLanguage = [...new Set(rows.map((r) => r.lang))].map((lang) => {
    const idx = rows.flatMap((r, i) => (r.lang === lang ? [i] : []));
    return {
      lang,
      ...classScore(
        idx.map((i) => gold[i]),
        idx.map((i) => pred[i]),
        labels,
      ),
    };
  });
  const perLabel: SetScore['perLabel'] = {};
  for (const l of labels) {
    let tp = 0,
      fp = 0,
      fn = 0;
    gold.forEach((g, i) => {
      if (pred[i] === l && g === l) tp++;
      else if (pred[i] === l) fp++;
      else if (g === l) fn++;
    });
    perLabel[l] = {
      n: tp + fn,
      precision: round(tp + fp ? tp / (tp + fp) : 0),
      recall: round(tp + fn ? tp / (tp + fn) : 0),
      f1: round(tp ? (2 * tp) / (2 * tp + fp + fn) : 0),
    };
  }
  const errors = rows.flatMap((r, i) => (gold[i] === pred[i] ? [] : [{ lang: r.lang, text: r.text, expected: gold[i], got: pred[i] }])).slice(0, maxErrors);
  return { ...classScore(gold, pred, labels), perLanguage, perLabel, errors };
}

export function evalIntent(rows: IntentRow[]): SetScore {
  const pred = rows.map((r) => analyzeMessage(r.text).intent.label);
  return scoreClasses(
    rows,
    rows.map((r) => r.label),
    pred,
    INTENT_LABELS,
  );
}

/** Needs-reply with the context intake passes: the conversation kind, our handles, a reply to our post. */
export function evalNeedsReply(rows: NeedsReplyRow[]): SetScore {
  const yn = (b: boolean) => (b ? 'yes' : 'no');
  const pred = rows.map((r) =>
    yn(analyzeMessage(r.text, { kind: r.kind, brandHandles: SET_BRAND_HANDLES, addressedToBrand: r.addressedToBrand }).needsReply.value),
  );
  return scoreClasses(
    rows,
    rows.map((r) => yn(r.label)),
    pred,
    ['yes', 'no'],
  );
}

/** A troll score at or above TROLL_LEANING counts as "troll". */
export function evalTroll(rows: TrollRow[]): SetScore {
  const pred = rows.map((r) => (analyzeMessage(r.text).troll.score >= TROLL_LEANING ? 'troll' : 'customer'));
  return scoreClasses(
    rows,
    rows.map((r) => r.label),
    pred,
    ['troll', 'customer'],
  );
}

export interface PiiScore {
  n: number;
  /** Expected spans, spans found, and those matching exactly (same type, start and end). */
  expected: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
  perType: Record<string, { expected: number; found: number; correct: number; recall: number; precision: number }>;
  /** Messages holding no PII at all (the near-misses) that got a span anyway. */
  nearMisses: { n: number; flagged: number };
  misses: Array<{ text: string; type: string; span: string }>;
  falsePositives: Array<{ text: string; type: string; span: string }>;
}

/** Expected spans carry their text; their offsets are found in order of appearance. */
export function expectedSpans(row: PiiRow): Array<{ type: PiiType; start: number; end: number; text: string }> {
  let from = 0;
  return row.spans.map((s) => {
    const start = row.text.indexOf(s.text, from);
    if (start < 0) throw new Error(`pii set: "${s.text}" is not in "${row.text}"`);
    from = start + s.text.length;
    return { ...s, start, end: start + s.text.length };
  });
}

export function evalPii(rows: PiiRow[]): PiiScore {
  const perType: PiiScore['perType'] = {};
  const t = (type: string) => (perType[type] ??= { expected: 0, found: 0, correct: 0, recall: 0, precision: 0 });
  const misses: PiiScore['misses'] = [];
  const falsePositives: PiiScore['falsePositives'] = [];
  let nearN = 0,
    nearFlagged = 0;
  for (const row of rows) {
    const want = expectedSpans(row);
    const got = findPii(row.text, { defaultCountry: row.country as CountryCode | undefined });
    const key = (s: { type: string; start: number; end: number }) => `${s.type}:${s.start}:${s.end}`;
    const gotKeys = new Set(got.map(key));
    const wantKeys = new Set(want.map(key));
    for (const w of want) {
      t(w.type).expected++;
      if (gotKeys.has(key(w))) t(w.type).correct++;
      else misses.push({ text: row.text, type: w.type, span: w.text });
    }
    for (const g of got) {
      t(g.type).found++;
      if (!wantKeys.has(key(g))) falsePositives.push({ text: row.text, type: g.type, span: g.text });
    }
    if (!want.length) {
      nearN++;
      if (got.length) nearFlagged++;
    }
  }
  let expected = 0,
    found = 0,
    correct = 0;
  for (const v of Object.values(perType)) {
    v.recall = round(v.expected ? v.correct / v.expected : 1);
    v.precision = round(v.found ? v.correct / v.found : 1);
    expected += v.expected;
    found += v.found;
    correct += v.correct;
  }
  return {
    n: rows.length,
    expected,
    found,
    correct,
    precision: round(found ? correct / found : 1),
    recall: round(expected ? correct / expected : 1),
    perType,
    nearMisses: { n: nearN, flagged: nearFlagged },
    misses,
    falsePositives,
  };
}
