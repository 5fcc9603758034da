/**
 * `npm run train`: trains the two committed models from the shared XLM-T tweets and prints their
 * evaluation. Deterministic (fixed seeds, fixed order), so re-running it rewrites the same bytes.
 *
 *   language.bin  — Latin-script language model (en fr de it pt es + romanised hi), labels = folder
 *   sentiment.bin — negative / neutral / positive over all eight languages
 *
 * Hyper-parameters were chosen on the val split (`--tune` prints the grid; the language model's
 * recipe and its cross-validation are in language-train.ts); the final models are fitted on
 * train + val. The test split is only ever scored.
 */
import { fileURLToPath } from 'node:url';
import { featurize } from '../hashing.js';
import { saveModel } from '../linear-model.js';
import { SENTIMENT_SPEC, sentimentFeatures } from '../sentiment-features.js';
import { countScripts } from '../scripts.js';
import { textForLanguage } from '../text.js';
import { fitLanguage, LANGUAGE_SPEC, LANGUAGE_TRAIN, LANGUAGE_WINDOWS } from './language-train.js';
import { loadSplit, SENTIMENT_LABELS, type Tweet } from './data.js';
import { evaluateAll, printReport } from './evaluate.js';
import { trainSoftmax, type TrainOptions } from './softmax-trainer.js';
import { accuracy, macroF1 } from './metrics.js';

export const SENTIMENT_TRAIN: TrainOptions = { epochs: 8, lr: 0.1, l2: 1e-5, seed: 11 };

const modelPath = (name: string) => fileURLToPath(new URL(`../models/${name}.bin`, import.meta.url));

function fitSentiment(data: Tweet[], o: TrainOptions) {
  const xs = data.map((t) => sentimentFeatures(t.text, t.lang));
  return trainSoftmax(
    xs,
    data.map((t) => SENTIMENT_LABELS.indexOf(t.label)),
    SENTIMENT_LABELS,
    SENTIMENT_SPEC,
    o,
  );
}

async function tune(train: Tweet[], val: Tweet[]) {
  const { predictProba } = await import('../linear-model.js');
  const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));
  for (const epochs of [3, 5, 8, 10]) {
    for (const lr of [0.03, 0.06, 0.1, 0.3]) {
      for (const l2 of [0, 1e-5, 1e-4, 1e-3]) {
        const m = fitSentiment(train, { ...SENTIMENT_TRAIN, epochs, lr, l2 });
        const pred = val.map((t) => m.labels[argmax(predictProba(m, sentimentFeatures(t.text, t.lang)))]);
        console.log(
          `sentiment epochs=${epochs} lr=${lr} l2=${l2}: val macro-F1 ${macroF1(
            val.map((t) => t.label),
            pred,
            SENTIMENT_LABELS,
          ).toFixed(4)}`,
        );
      }
    }
  }
  const lv = val.filter((t) => countScripts(textForLanguage(t.text))[0]?.script === 'Latin');
  for (const epochs of [2, 4]) {
    const m = fitLanguage(train, { ...LANGUAGE_TRAIN, epochs });
    const pred = lv.map((t) => m.labels[argmax(predictProba(m, featurize(textForLanguage(t.text), LANGUAGE_SPEC)))]);
    console.log(
      `language epochs=${epochs}: val accuracy ${accuracy(
        lv.map((t) => t.lang),
        pred,
      ).toFixed(4)}`,
    );
  }
}

async function main() {
  const train = loadSplit('train');
  const val = loadSplit('val');
  if (process.argv.includes('--tune')) return tune(train, val);
  const all = [...train, ...val];
  const t0 = Date.now();
  const lang = fitLanguage(all, LANGUAGE_TRAIN);
  lang.meta = { trainedOn: 'xlm-t train+val (Latin-script tweets), label = folder language', options: LANGUAGE_TRAIN, windows: LANGUAGE_WINDOWS };
  saveModel(modelPath('language'), lang);
  const sent = fitSentiment(all, SENTIMENT_TRAIN);
  sent.meta = { trainedOn: 'xlm-t all train+val', options: SENTIMENT_TRAIN };
  saveModel(modelPath('sentiment'), sent);
  console.log(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s → src/enrich/models/{language,sentiment}.bin`);
  printReport(await evaluateAll());
}

await main();
