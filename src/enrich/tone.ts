/**
 * Tone checks the composer shows on a draft reply, with positions to underline: dismissive words,
 * blame phrasing, no apology to an upset customer, the customer's name not used.
 */
import { CueMatcher } from './cues.js';
import { detectLanguage } from './language.js';
import { analyzeSentiment } from './sentiment.js';
import { DEFAULT_TONE_RULES, reasonFor, type ToneRules } from './tone-rules.js';

export type ToneHintKind = 'dismissive' | 'blame' | 'no-apology' | 'no-name';

export interface ToneHint {
  kind: ToneHintKind;
  message: string;
  /** Offsets into the draft (absent for hints about what is missing). */
  start?: number;
  end?: number;
  text?: string;
}

export interface ToneCheckInput {
  text: string;
  /** The customer's message being answered, to judge whether they are upset. */
  customerText?: string;
  customerName?: string;
  /** The draft's language; detected when absent, English rules when unknown. */
  language?: string;
  /** A workspace's own lists, per language, replacing the defaults for that language. */
  rules?: Record<string, ToneRules>;
}

export interface ToneCheckResult {
  language: string;
  hints: ToneHint[];
}

const compiled = new WeakMap<ToneRules, { dismissive: CueMatcher; blame: CueMatcher; apology: CueMatcher }>();
function matchers(r: ToneRules) {
  let m = compiled.get(r);
  if (!m) compiled.set(r, (m = { dismissive: new CueMatcher(r.dismissive), blame: new CueMatcher(r.blame), apology: new CueMatcher(r.apology) }));
  return m;
}

export function checkTone(input: ToneCheckInput): ToneCheckResult {
  let language = input.language ?? detectLanguage(input.text).code;
  const all = { ...DEFAULT_TONE_RULES, ...input.rules };
  if (!all[language]) language = 'en';
  const m = matchers(all[language]);
  const lower = input.text.toLowerCase();
  const hints: ToneHint[] = [];
  const at = (s: number, e: number) => ({ start: s, end: e, text: input.text.slice(s, e) });
  for (const x of m.dismissive.all(lower))
    hints.push({ kind: 'dismissive', message: reasonFor(all[language], x.cue) ?? `"${x.cue}" can sound dismissive`, ...at(x.start, x.end) });
  for (const x of m.blame.all(lower))
    hints.push({ kind: 'blame', message: reasonFor(all[language], x.cue) ?? `"${x.cue}" puts the blame on the customer`, ...at(x.start, x.end) });
  if (input.customerText) {
    const cl = detectLanguage(input.customerText).code;
    const upset = analyzeSentiment(input.customerText, cl).label === 'negative';
    if (upset && m.apology.count(lower) === 0)
      hints.push({ kind: 'no-apology', message: 'the customer is upset and the reply does not apologise or acknowledge it' });
  }
  if (input.customerName) {
    const first = input.customerName.trim().split(/\s+/)[0]?.replace(/^@/, '').toLowerCase();
    if (first && !lower.includes(first))
      hints.push({ kind: 'no-name', message: `the reply does not use the customer's name (${input.customerName.trim().split(/\s+/)[0]})` });
  }
  return { language, hints: hints.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity)) };
}
