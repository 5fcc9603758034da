import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../api/client';
import { errorText } from '../api/error-text';
import { useAttributeDefs } from '../api/queries';
import { filterQuery, type MetricDef, type MetricsReport, type ReportFilters } from './api';
import { SortableTable } from './sortable-table';
import { rt } from './strings';

interface ByAttribute {
  key: string;
  label: string;
  type: 'select' | 'boolean';
  metrics: MetricDef[];
  rows: Array<{ value: string; metrics: Record<string, number | null> }>;
}

/**
 * The metrics per value of a contact attribute (GET /metrics/by-attribute): "plan = enterprise"
 * beside "plan = free". Only select and yes/no attributes split into rows; none defined, no card.
 */
export function AttributeTable({ filters }: { filters: ReportFilters }) {
  const defs = (useAttributeDefs().data ?? []).filter((d) => d.type === 'select' || d.type === 'boolean');
  const [picked, setPicked] = useState('');
  const key = picked || defs[0]?.key || '';
  const r = useQuery({
    queryKey: ['reports', 'by-attribute', filters, key],
    queryFn: () => get<ByAttribute>(`/metrics/by-attribute${filterQuery(filters, { key })}`),
    enabled: !!key,
    staleTime: 30_000,
  });
  if (!defs.length) return null;
  const valueLabel = (v: string) => (v === 'none' ? rt('attr.none') : v === 'true' ? rt('attr.yes') : v === 'false' ? rt('attr.no') : v);
  // The shape SortableTable reads: one grouping ("attribute") with a label per row.
  const report: MetricsReport | undefined = r.data && {
    from: '',
    to: '',
    timeZone: '',
    by: ['attribute'],
    metrics: r.data.metrics,
    rows: r.data.rows.map((row) => ({ key: { attribute: row.value }, labels: { attribute: valueLabel(row.value) }, metrics: row.metrics })),
    total: { metrics: {} },
  };
  return (
    <div className="report-attribute" data-testid="by-attribute">
      <label className="field-inline">
        {rt('attr.pick')}{' '}
        <select value={key} onChange={(e) => setPicked(e.target.value)}>
          {defs.map((d) => (
            <option key={d.key} value={d.key}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {r.error && <p role="alert">{errorText(r.error)}</p>}
      <SortableTable by="attribute" title={rt('table.attribute', { label: defs.find((d) => d.key === key)?.label ?? key })} report={report} />
    </div>
  );
}
