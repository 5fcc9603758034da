/** Macro-F1 as in the XLM-T evaluation script (sklearn f1_score average='macro'). */
export function macroF1(gold: string[], pred: string[], labels: string[]): number {
  let sum = 0;
  for (const l of labels) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === l && gold[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (gold[i] === l) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / labels.length;
}

export function accuracy(gold: string[], pred: string[]): number {
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return gold.length ? ok / gold.length : 0;
}
