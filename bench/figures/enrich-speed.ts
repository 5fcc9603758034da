/**
 * Issue 6: the whole local enrichment of one message (language, sentiment, intent, needs-reply,
 * troll, PII) on one core, over the real tweets of the XLM-T test split. Ceiling, measured in the
 * same run over the same texts: a bare pass that only lower-cases and splits each text on spaces —
 * the least any text analysis does, so the ratio says what the engine costs beyond touching the text.
 */
import { analyzeMessage } from '../../src/enrich/analyze.js';
import { loadSplit } from '../../src/enrich/train/data.js';

export interface EnrichSpeed {
  messages: number;
  medianMs: number;
  p99Ms: number;
  /** Messages per second of CPU time this process used (one core): what the engine costs, whatever else the machine runs. */
  perSecond: number;
  /** Messages per second of wall-clock time: lower when other processes share the cores. */
  perWallSecond: number;
  bareMedianMs: number;
  barePerSecond: number;
}

function timeAll(texts: string[], rounds: number, fn: (t: string) => unknown): { medianMs: number; p99Ms: number; perSecond: number; perWallSecond: number } {
  const times = new Float64Array(texts.length * rounds);
  let k = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const s = performance.now();
      sink += fn(t) ? 1 : 0;
      times[k++] = performance.now() - s;
    }
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  times.sort();
  return {
    medianMs: times[times.length >> 1]!,
    p99Ms: times[Math.floor(times.length * 0.99)]!,
    perSecond: (times.length / cpuMs) * 1000,
    perWallSecond: (times.length / total) * 1000,
  };
}

export function enrichSpeed(opts: { rounds?: number; limit?: number } = {}): EnrichSpeed {
  const texts = loadSplit('test')
    .map((t) => t.text)
    .slice(0, opts.limit);
  const rounds = opts.rounds ?? 3;
  // Warm-up: models load, the JIT settles on both paths.
  for (const t of texts.slice(0, 1000)) analyzeMessage(t);
  const bare = (t: string) => t.toLowerCase().split(' ').length;
  for (const t of texts) bare(t);
  const b = timeAll(texts, rounds, bare);
  const e = timeAll(texts, rounds, (t) => analyzeMessage(t));
  return {
    messages: texts.length * rounds,
    medianMs: e.medianMs,
    p99Ms: e.p99Ms,
    perSecond: e.perSecond,
    perWallSecond: e.perWallSecond,
    bareMedianMs: b.medianMs,
    barePerSecond: b.perSecond,
  };
}
