import { useMemo, useState } from 'react';
import { showValue } from './format';
import type { MetricDef, MetricsReport } from './api';
import { rt, type ReportKey } from './strings';

const COLUMNS = ['conversations', 'answered', 'responseRate', 'firstResponseMedian', 'resolutionRate', 'reopenRate', 'slaAttainment', 'csat', 'nps', 'cesMean'];

/**
 * A metrics table grouped by one dimension, sortable by any column (click a header; again to
 * reverse; empty values always last), with the server's CSV export of the very same table.
 */
export function SortableTable({ by, title, report, csvHref }: { by: string; title: string; report: MetricsReport | undefined; csvHref?: string }) {
  const [sort, setSort] = useState<{ col: string; dir: 1 | -1 }>({ col: 'conversations', dir: -1 });
  const cols = useMemo(() => COLUMNS.map((k) => report?.metrics.find((m) => m.key === k)).filter((m): m is MetricDef => !!m), [report]);
  const rows = useMemo(() => {
    const list = [...(report?.rows ?? [])];
    const val = (r: (typeof list)[number]) => (sort.col === 'name' ? (r.labels[by] ?? '') : r.metrics[sort.col]);
    return list.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
      if (y === null || y === undefined) return -1;
      return (typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number)) * sort.dir;
    });
  }, [report, sort, by]);
  const header = (col: string, label: string) => {
    const active = sort.col === col;
    return (
      <th key={col} scope="col" aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button
          className="sort-btn"
          aria-label={rt('table.sortBy', { column: label })}
          onClick={() => setSort(active ? { col, dir: sort.dir === 1 ? -1 : 1 } : { col, dir: col === 'name' ? 1 : -1 })}
        >
          {label} {active ? (sort.dir === 1 ? '▲' : '▼') : ''}
        </button>
      </th>
    );
  };
  const colLabel = (k: string) => rt(`col.${k}` as ReportKey);
  return (
    <section className="report-table" data-testid={`table-${by}`}>
      <div className="report-table-head">
        <h2>{title}</h2>
        {csvHref && (
          <a className="btn" href={csvHref} download data-testid={`csv-${by}`}>
            {rt('table.csv')}
          </a>
        )}
      </div>
      <div className="report-table-scroll">
        <table className="table">
          <thead>
            <tr>
              {header('name', rt('table.name'))}
              {cols.map((c) => header(c.key, colLabel(c.key)))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={cols.length + 1} className="muted">
                  {rt('table.empty')}
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.key[by] ?? ''}>
                <th scope="row">{r.labels[by] ?? r.key[by]}</th>
                {cols.map((c) => (
                  <td key={c.key} data-col={c.key}>
                    {showValue(r.metrics[c.key], c.unit)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
