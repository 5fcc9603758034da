/**
 * `npm run train`: trains the two committed models from the shared XLM-T tweets and prints their
 * evaluation. Deterministic (fixed seeds, fixed order), so re-running it rewrites the same bytes.
 *
 *   language.bin  — Latin-script language model (en fr de it pt es + romanised hi), labels = folder
 *   sentiment.bin — negative / neutral / positive over all eight languages
 *
 * Hyper-parameters were chosen on the val split (`--tune` prints the grid); the final models are
 * fitted on train + val. The test split is only ever scored.
 */
import { fileURLToPath } from 'node:url';
import { featurize, type FeatureSpec } from '../hashing.js';
import { saveModel } from '../linear-model.js';
import { SENTIMENT_SPEC, sentimentFeatures } from '../sentiment-features.js';
import { countScripts } from '../scripts.js';
import { textForLanguage } from '../text.js';
import { loadSplit, SENTIMENT_LABELS, type Tweet } from './data.js';
import { evaluateAll, printReport } from './evaluate.js';
import { trainSoftmax, type TrainOptions } from './softmax-trainer.js';
import { accuracy, macroF1 } from './metrics.js';

export const LANGUAGE_SPEC: FeatureSpec = { dim: 1 << 16, charMin: 1, charMax: 4, words: true, bigrams: false };
export const LANGUAGE_TRAIN: TrainOptions = { epochs: 4, lr: 0.5, l2: 1e-6, seed: 7 };
export const SENTIMENT_TRAIN: TrainOptions = { epochs: 8, lr: 0.1, l2: 1e-5, seed: 11 };

const modelPath = (name: string) => fileURLToPath(new URL(`../models/${name}.bin`, import.meta.url));

// Arabic-script tweets are decided by script, so the Latin model never sees them.
const latinOnly = (ts: Tweet[]) => ts.filter((t) => countScripts(textForLanguage(t.text))[0]?.script === 'Latin');

// The Hindi folder (SAIL 2015) is romanised, code-mixed Hindi, and a good part of it is plain
// English. Training 'hi' on those would teach the model that English is Hindi, so the 'hi' class
// only learns from tweets with at least one frequent Hindi word.
const HINDI_WORDS = new Set(['hai', 'hain', 'ka', 'ki', 'ke', 'ko', 'se', 'nahi', 'nahin', 'kya', 'ye', 'yeh', 'wo', 'woh', 'bhi', 'mein', 'main', 'tha', 'thi', 'aur', 'kar', 'karo', 'kuch', 'koi', 'jo', 'ab', 'sab', 'hum', 'tum', 'aap', 'mera', 'meri', 'tera', 'teri', 'apna', 'apne', 'bhai', 'yaar', 'hota', 'hoti', 'raha', 'rahe', 'rahi', 'gaya', 'gayi', 'diya', 'liya', 'kyun', 'kaise', 'kab', 'accha', 'acha', 'bahut', 'bohot', 'hi', 'na', 'ji', 'par', 'pe', 'liye', 'wala', 'wali', 'toh', 'agar', 'lekin', 'kyunki']);
const looksHinglish = (text: string) => textForLanguage(text).split(' ').filter((w) => HINDI_WORDS.has(w)).length >= 2;
// …and the plain-English ones among them are good extra English.
const ENGLISH_WORDS = new Set(['the', 'is', 'are', 'and', 'to', 'of', 'in', 'you', 'i', 'my', 'for', 'this', 'it', 'was', 'with', 'on', 'that', 'have', 'be', 'at', 'so', 'just', 'your', 'we', 'will']);
const looksEnglish = (text: string) => textForLanguage(text).split(' ').filter((w) => ENGLISH_WORDS.has(w)).length >= 3;

// Tweets of fewer than four words once tags, handles and links are gone are mostly names and
// hashtag leftovers ("Merkel Schulz", "Hair cutting"); the German folder has 368 of them. Learning
// them taught the model that a bare name is German, so they are left out.
const MIN_WORDS = 4;

/** The language each tweet is trained as, or undefined to leave it out. */
function languageLabel(t: Tweet): string | undefined {
  if (textForLanguage(t.text).split(' ').filter(Boolean).length < MIN_WORDS) return undefined;
  if (t.lang !== 'hi') return t.lang;
  if (looksHinglish(t.text)) return 'hi';
  return looksEnglish(t.text) ? 'en' : undefined;
}

function fitLanguage(data: Tweet[], o: TrainOptions) {
  const rows = latinOnly(data).flatMap((t) => {
    const lang = languageLabel(t);
    return lang ? [{ text: t.text, lang }] : [];
  });
  const labels = [...new Set(rows.map((t) => t.lang))];
  const xs = rows.map((t) => featurize(textForLanguage(t.text), LANGUAGE_SPEC));
  return trainSoftmax(xs, rows.map((t) => labels.indexOf(t.lang)), labels, LANGUAGE_SPEC, o);
}

function fitSentiment(data: Tweet[], o: TrainOptions) {
  const xs = data.map((t) => sentimentFeatures(t.text, t.lang));
  return trainSoftmax(xs, data.map((t) => SENTIMENT_LABELS.indexOf(t.label)), SENTIMENT_LABELS, SENTIMENT_SPEC, o);
}

async function tune(train: Tweet[], val: Tweet[]) {
  const { predictProba } = await import('../linear-model.js');
  const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));
  for (const epochs of [3, 5, 8, 10]) {
    for (const lr of [0.03, 0.06, 0.1, 0.3]) {
      for (const l2 of [0, 1e-5, 1e-4, 1e-3]) {
        const m = fitSentiment(train, { ...SENTIMENT_TRAIN, epochs, lr, l2 });
        const pred = val.map((t) => m.labels[argmax(predictProba(m, sentimentFeatures(t.text, t.lang)))]);
        console.log(`sentiment epochs=${epochs} lr=${lr} l2=${l2}: val macro-F1 ${macroF1(val.map((t) => t.label), pred, SENTIMENT_LABELS).toFixed(4)}`);
      }
    }
  }
  const lv = latinOnly(val);
  for (const epochs of [2, 4]) {
    const m = fitLanguage(train, { ...LANGUAGE_TRAIN, epochs });
    const pred = lv.map((t) => m.labels[argmax(predictProba(m, featurize(textForLanguage(t.text), LANGUAGE_SPEC)))]);
    console.log(`language epochs=${epochs}: val accuracy ${accuracy(lv.map((t) => t.lang), pred).toFixed(4)}`);
  }
}

async function main() {
  const train = loadSplit('train');
  const val = loadSplit('val');
  if (process.argv.includes('--tune')) return tune(train, val);
  const all = [...train, ...val];
  const t0 = Date.now();
  const lang = fitLanguage(all, LANGUAGE_TRAIN);
  lang.meta = { trainedOn: 'xlm-t train+val (Latin-script tweets), label = folder language', options: LANGUAGE_TRAIN };
  saveModel(modelPath('language'), lang);
  const sent = fitSentiment(all, SENTIMENT_TRAIN);
  sent.meta = { trainedOn: 'xlm-t all train+val', options: SENTIMENT_TRAIN };
  saveModel(modelPath('sentiment'), sent);
  console.log(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s → src/enrich/models/{language,sentiment}.bin`);
  printReport(await evaluateAll());
}

await main();
