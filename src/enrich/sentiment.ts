/**
 * Sentiment of a customer message: negative / neutral / positive, from a logistic regression over
 * hashed character and word n-grams trained on the XLM-T tweets of eight languages
 * (src/enrich/train/train.ts, `npm run train`). For languages the model never saw (Vietnamese,
 * Turkish, Chinese, Armenian…) a small cue lexicon decides when it finds something, because
 * character n-grams of an unseen language carry little beyond emoji.
 */
import { loadModel, predictProba, type LinearModel } from './linear-model.js';
import { lexiconSentiment } from './sentiment-lexicon.js';
import { sentimentFeatures } from './sentiment-features.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** P(positive) − P(negative), in [-1, 1]: sortable, 0 is neutral. */
  score: number;
  /** Probability of the chosen label. */
  confidence: number;
  via: 'model' | 'lexicon';
}

/** The languages the model was trained on. */
export const MODEL_LANGUAGES = new Set(['ar', 'en', 'fr', 'de', 'hi', 'it', 'pt', 'es']);

let model: LinearModel | undefined;
function sentimentModel(): LinearModel {
  return (model ??= loadModel(new URL('./models/sentiment.bin', import.meta.url)));
}

const probs = new Float64Array(3);

export function analyzeSentiment(text: string, lang: string): SentimentResult {
  if (!MODEL_LANGUAGES.has(lang)) {
    const lex = lexiconSentiment(text, lang);
    if (lex) return { ...lex, via: 'lexicon' };
  }
  const m = sentimentModel();
  const p = predictProba(m, sentimentFeatures(text, lang), probs);
  let best = 0;
  for (let k = 1; k < 3; k++) if (p[k] > p[best]) best = k;
  return { label: m.labels[best] as SentimentLabel, score: round(p[2] - p[0]), confidence: round(p[best]), via: 'model' };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
