/**
 * Intent of a customer message from multilingual cue lists (intent-cues.ts) plus punctuation and
 * the sentiment. Explainable on purpose: `cues` says what matched, so an agent can see why a
 * message was called a complaint, and a workspace can add its own words.
 */
import { CueMatcher, flatten } from './cues.js';
import { INTENT_CUES, type Intent, type IntentCues } from './intent-cues.js';
import type { SentimentResult } from './sentiment.js';

export type { Intent } from './intent-cues.js';

export interface IntentResult {
  label: Intent;
  confidence: number;
  /** The cue words and signals that decided it. */
  cues: string[];
}

type Scored = Exclude<Intent, 'other'>;
const LABELS: Scored[] = ['abuse', 'spam', 'complaint', 'question', 'purchase', 'feedback', 'praise']; // tie order
// Insults and spam cues are strong on their own; praise words ("great") also appear in sarcasm.
const WEIGHT: Record<Scored, number> = { abuse: 1.6, spam: 1.5, complaint: 1.2, question: 1, purchase: 1.1, feedback: 1, praise: 0.9 };
const QUESTION_MARK = /[?？؟՞¿]/gu;
const URL = /https?:\/\/|www\./g;

export type IntentMatchers = Record<Scored, CueMatcher>;

export function compileIntentCues(cues: IntentCues = INTENT_CUES): IntentMatchers {
  return Object.fromEntries(LABELS.map((l) => [l, new CueMatcher(flatten(cues[l]))])) as IntentMatchers;
}

let defaults: IntentMatchers | undefined;

export function classifyIntent(text: string, sentiment?: SentimentResult, matchers: IntentMatchers = (defaults ??= compileIntentCues())): IntentResult {
  const lower = text.toLowerCase();
  const score: Record<Scored, number> = { abuse: 0, spam: 0, complaint: 0, question: 0, purchase: 0, feedback: 0, praise: 0 };
  const cues: Record<Scored, string[]> = { abuse: [], spam: [], complaint: [], question: [], purchase: [], feedback: [], praise: [] };
  for (const l of LABELS) {
    for (const m of matchers[l].all(lower)) {
      score[l] += WEIGHT[l];
      cues[l].push(m.cue);
    }
  }
  const qm = text.match(QUESTION_MARK)?.length ?? 0;
  if (qm) {
    // A '?' alone makes a question; after question words it adds little ("where is my order??").
    score.question += score.question ? 0.3 : 1;
    cues.question.push('?');
  }
  const urls = text.match(URL)?.length ?? 0;
  const tags = text.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (urls >= 2 || (urls >= 1 && tags >= 4)) {
    score.spam += 1;
    cues.spam.push(urls >= 2 ? 'several links' : 'link + many hashtags');
  }
  // Sentiment tips the balance between complaint and praise; it never makes an intent alone.
  if (sentiment && sentiment.score <= -0.3 && score.complaint + score.question + score.abuse > 0) score.complaint += 0.5;
  if (sentiment && sentiment.score >= 0.3 && score.praise > 0) score.praise += 0.5;
  // A question about a missing order is a complaint first: it needs the same fast, human answer.
  if (score.complaint > 0 && score.question > 0) score.complaint += 0.3;
  let best: Scored | undefined;
  let total = 0;
  for (const l of LABELS) {
    total += score[l];
    if (score[l] > 0 && (!best || score[l] > score[best])) best = l;
  }
  if (!best) {
    if (sentiment && sentiment.label === 'negative' && sentiment.confidence >= 0.6)
      return { label: 'complaint', confidence: 0.4, cues: ['negative sentiment'] };
    return { label: 'other', confidence: 0.5, cues: [] };
  }
  const confidence = Math.min(0.95, 0.45 + 0.5 * (score[best] / (total + 0.5)) + 0.05 * Math.min(3, score[best]));
  return { label: best, confidence: Math.round(confidence * 100) / 100, cues: cues[best] };
}
