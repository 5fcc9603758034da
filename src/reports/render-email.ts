import type { MetricsReport } from '../metrics/compute-metrics.js';
import { escapeHtml } from '../surveys/hosted-page.js';

/** The figures a lead reads first, in this order (keys of the metrics table, docs/metrics.md). */
export const HEADLINE = [
  'conversations',
  'newConversations',
  'inboundMessages',
  'responseRate',
  'firstResponseMedian',
  'resolutionRate',
  'resolutionMedian',
  'reopenRate',
  'csat',
  'nps',
  'cesMean',
] as const;
const TABLE_COLS = ['conversations', 'responseRate', 'firstResponseMedian', 'resolutionRate', 'csat', 'csatAnswers'] as const;

/** One metric value as people read it: percentages, durations in h/min/s, scores with one decimal. */
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

/**
 * The e-mailed report: plain HTML tables with inline styles (mail clients drop style sheets),
 * every name escaped. `totals` is the period's metrics; `groups` the same metrics per channel,
 * agent… Also returns a text version for clients that show no HTML.
 */
export function renderReportEmail(o: {
  workspace: string;
  periodLabel: string;
  totals: MetricsReport;
  groups: Array<{ title: string; report: MetricsReport; by: string }>;
  appUrl: string;
}): { subject: string; html: string; text: string } {
  const unit = (k: string) => o.totals.metrics.find((m) => m.key === k)?.unit ?? 'count';
  const label = (k: string) => o.totals.metrics.find((m) => m.key === k)?.label ?? k;
  const cell = 'padding:6px 10px;border-bottom:1px solid #e4e7ec;text-align:right';
  const head = 'padding:6px 10px;border-bottom:2px solid #c9ced6;text-align:right;font-weight:600';
  const headline = HEADLINE.map(
    (k) =>
      `<tr><td style="${cell};text-align:left">${escapeHtml(label(k))}</td><td style="${cell}">${escapeHtml(showValue(o.totals.total.metrics[k], unit(k)))}</td></tr>`,
  ).join('');
  const tables = o.groups
    .map((g) => {
      const rows = g.report.rows
        .map(
          (r) =>
            `<tr><td style="${cell};text-align:left">${escapeHtml(r.labels[g.by] ?? '')}</td>${TABLE_COLS.map((k) => `<td style="${cell}">${escapeHtml(showValue(r.metrics[k], unit(k)))}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(g.title)}</h2><table style="border-collapse:collapse;width:100%;font-size:14px"><tr><th style="${head};text-align:left">${escapeHtml(g.by)}</th>${TABLE_COLS.map((k) => `<th style="${head}">${escapeHtml(label(k))}</th>`).join('')}</tr>${rows || `<tr><td style="${cell};text-align:left" colspan="${TABLE_COLS.length + 1}">no conversations</td></tr>`}</table>`;
    })
    .join('');
  const subject = `${o.workspace}: customer care report, ${o.periodLabel}`;
  const html = `<!doctype html><html><body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;background:#fff">
<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(o.workspace)} — customer care report</h1>
<p style="margin:0 0 16px;color:#5b6474">${escapeHtml(o.periodLabel)} · ${escapeHtml(o.totals.timeZone)} · calendar time</p>
<table style="border-collapse:collapse;font-size:14px;min-width:320px">${headline}</table>${tables}
<p style="margin-top:24px;color:#5b6474;font-size:13px">Every figure follows the written rules in docs/metrics.md. Open the dashboard: <a href="${escapeHtml(o.appUrl)}/reports">${escapeHtml(o.appUrl)}/reports</a></p>
</body></html>`;
  const text = [
    `${o.workspace} — customer care report, ${o.periodLabel}`,
    '',
    ...HEADLINE.map((k) => `${label(k)}: ${showValue(o.totals.total.metrics[k], unit(k))}`),
    '',
    `Dashboard: ${o.appUrl}/reports`,
  ].join('\n');
  return { subject, html, text };
}
