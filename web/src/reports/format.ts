/** Metric values for people: percentages, durations in h/min/s, scores with one decimal. */
export function showValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '–';
  if (unit === 'ratio') return `${(v * 100).toFixed(1)} %`;
  if (unit === 'seconds') {
    if (v < 60) return `${Math.round(v)} s`;
    if (v < 3600) return `${Math.floor(v / 60)} min ${Math.round(v % 60)} s`;
    return `${Math.floor(v / 3600)} h ${Math.round((v % 3600) / 60)} min`;
  }
  if (unit === 'score') return v.toFixed(1);
  return String(v);
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dateInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Every date from `from` to `to` (YYYY-MM-DD, both included), so a chart shows quiet days too; at most `max`. */
export function daysBetween(from: string, to: string, max = 400): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`).getTime();
  while (d.getTime() <= end && out.length < max) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
