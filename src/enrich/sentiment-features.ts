/**
 * The one definition of what the sentiment model sees, used by training and at run time alike so
 * they cannot drift apart: character 2–5-grams and word uni/bigrams of the model view of the text,
 * plus the language as a feature of its own (a per-language bias).
 */
import { featurize, type FeatureSpec } from './hashing.js';
import { textForModel } from './text.js';

export const SENTIMENT_SPEC: FeatureSpec = { dim: 1 << 18, charMin: 2, charMax: 5, words: true, bigrams: true };

export function sentimentFeatures(text: string, lang: string, spec: FeatureSpec = SENTIMENT_SPEC): number[] {
  return featurize(textForModel(text), spec, [`lang=${lang}`]);
}
