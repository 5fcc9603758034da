import type { MetricsReport } from './compute-metrics.js';

/** The metrics table as text for a terminal, CSV, or JSON (the API's own answer). */
export function formatReport(r: MetricsReport, format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(r, null, 2);
  const keys = r.by;
  const rows = [
    ...r.rows.map((row) => ({ labels: keys.map((k) => row.labels[k] ?? ''), ids: keys.map((k) => row.key[k] ?? ''), metrics: row.metrics })),
    { labels: keys.map((_, i) => (i === 0 ? 'TOTAL' : '')), ids: keys.map(() => ''), metrics: r.total.metrics },
  ];
  if (format === 'csv') {
    const header = [...keys.flatMap((k) => [k, `${k}_label`]), ...r.metrics.map((m) => m.key)];
    const lines = rows.map((row) =>
      [...keys.flatMap((_, i) => [row.ids[i], row.labels[i]]), ...r.metrics.map((m) => row.metrics[m.key] ?? '')].map(csvCell).join(','),
    );
    return [header.join(','), ...lines].join('\n');
  }
  const cols = [
    'conversations',
    'answered',
    'responseRate',
    'firstResponseMedian',
    'firstResponseMean',
    'firstResponseP90',
    'nextResponseMedian',
    'resolutionRate',
    'resolutionMedian',
    'reopenRate',
    'inboundMessages',
    'newConversations',
  ];
  const defs = cols.map((k) => r.metrics.find((m) => m.key === k)!);
  const head = [...keys, ...defs.map((d) => d.label + (d.unit === 'seconds' ? ' (s)' : ''))];
  const body = rows.map((row) => [...row.labels, ...defs.map((d) => show(row.metrics[d.key], d.unit))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < keys.length ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const title = `${r.from} → ${r.to} · ${r.time} time · ${r.timeZone} · definitions: ${r.definitions}`;
  return [title, line(head), ...body.map(line)].join('\n');
}

function show(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (unit === 'ratio') return `${(v * 100).toFixed(1)} %`;
  if (unit === 'seconds') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  return String(v);
}

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
