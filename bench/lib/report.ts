import os from 'node:os';

/**
 * One measured figure beside the ceiling measured in the same run. `ratio` is value / ceiling:
 * for a rate, the share of the ceiling reached; for a latency, how many times the ceiling's.
 */
export interface Figure {
  value: number;
  unit: string;
  ceiling: number;
  target?: number;
  /** A target on the ratio instead of the value (a figure measured against its own baseline: ratio ≥ this). */
  ratioTarget?: number;
  ratio: number;
  /** What the ceiling is, and the sizes or settings the figure was measured with. */
  detail: string;
  /** Figures with more than one ceiling name each (the binding one is `ceiling`). */
  ceilings?: Record<string, number>;
}

export type Report = Record<string, Figure>;

export function figure(
  value: number,
  unit: string,
  ceiling: number,
  detail: string,
  extra: { target?: number; ratioTarget?: number; ceilings?: Record<string, number> } = {},
): Figure {
  return {
    value: round(value),
    unit,
    ceiling: round(ceiling),
    ...(extra.target !== undefined ? { target: extra.target } : {}),
    ...(extra.ratioTarget !== undefined ? { ratioTarget: extra.ratioTarget } : {}),
    ratio: round(value / ceiling, 3),
    detail,
    ...(extra.ceilings ? { ceilings: mapValues(extra.ceilings, (v) => round(v)) } : {}),
  };
}

const round = (n: number, digits?: number) => {
  if (!Number.isFinite(n)) return n;
  const d = digits ?? (Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 1 ? 2 : 3);
  return Number(n.toFixed(d));
};
const mapValues = (o: Record<string, number>, fn: (v: number) => number) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fn(v)]));

/** Latency and size targets are upper bounds, throughput targets lower bounds. */
const upper = (f: Figure) => f.unit === 'ms' || f.unit === 'KB' || f.unit === 'MiB';
const meets = (f: Figure) =>
  f.ratioTarget !== undefined
    ? f.ratio >= f.ratioTarget
      ? 'yes'
      : 'NO'
    : f.target === undefined
      ? ''
      : upper(f)
        ? f.value <= f.target
          ? 'yes'
          : 'NO'
        : f.value >= f.target
          ? 'yes'
          : 'NO';

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, load average at start ${os.loadavg()[0]!.toFixed(2)}`;
}

export function table(report: Report): string {
  const rows = [
    ['figure', 'value', 'ceiling', 'ratio', 'target', 'met'],
    ...Object.entries(report).map(([name, f]) => [
      name,
      `${f.value} ${f.unit}`,
      `${f.ceiling} ${f.unit}`,
      `${f.ratio}`,
      f.ratioTarget !== undefined ? `ratio ≥ ${f.ratioTarget}` : f.target === undefined ? '' : `${upper(f) ? '≤' : '≥'} ${f.target}`,
      meets(f),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const details = Object.entries(report).map(([name, f]) => `  ${name}: ${f.detail}`);
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), '', ...details].join('\n');
}
