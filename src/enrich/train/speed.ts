/**
 * Measures analyzeMessage on the XLM-T test tweets (one core, warm): median and mean per message
 * and messages per second. Run: npx tsx src/enrich/train/speed.ts
 */
import { analyzeMessage } from '../analyze.js';
import { loadSplit } from './data.js';

export function measureSpeed(texts: string[], rounds = 3): { medianMs: number; meanMs: number; perSecond: number } {
  for (const t of texts.slice(0, 500)) analyzeMessage(t); // warm-up: models load, JIT settles
  const times: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const s = performance.now();
      analyzeMessage(t);
      times.push(performance.now() - s);
    }
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  return { medianMs: times[times.length >> 1], meanMs: total / times.length, perSecond: Math.round((times.length / total) * 1000) };
}

if (process.argv[1]?.endsWith('speed.ts')) console.log(measureSpeed(loadSplit('test').map((t) => t.text)));
