import { dateKey, localParts } from '../hours/zoned-time.js';
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
    // A file people open in a spreadsheet: each column says what it holds and in which unit,
    // durations in minutes and rates in percent (the JSON answer keeps seconds and fractions).
    const header = [...keys.flatMap((k) => [`${capital(k)} id`, capital(k)]), ...r.metrics.map((m) => csvHeading(m.label, m.unit))];
    const lines = rows.map((row) =>
      [
        ...keys.flatMap((_, i) => [row.ids[i], row.labels[i] === 'TOTAL' && i === 0 ? 'Total' : row.labels[i]]),
        ...r.metrics.map((m) => csvValue(row.metrics[m.key] ?? null, m.unit)),
      ]
        .map(csvCell)
        .join(','),
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

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "first response median", seconds → "First response median (minutes)". */
export function csvHeading(label: string, unit: string): string {
  const unitText = unit === 'seconds' ? ' (minutes)' : unit === 'ratio' ? ' (%)' : '';
  return capital(label) + unitText;
}

function csvValue(v: number | null, unit: string): string | number {
  if (v === null) return '';
  if (unit === 'seconds') return round1(v / 60);
  if (unit === 'ratio') return round1(v * 100);
  return unit === 'score' ? round1(v) : v;
}
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The report's first and last day in its own zone, for a file name: the period is [from, to)
 * with `to` the midnight AFTER the last day picked, so the last day is the one just before it.
 */
export function reportDays(r: Pick<MetricsReport, 'from' | 'to' | 'timeZone'>): { first: string; last: string } {
  const day = (ms: number) => dateKey(localParts(ms, r.timeZone));
  return { first: day(Date.parse(r.from)), last: day(Date.parse(r.to) - 1) };
}

const csvCell = (v: unknown) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
