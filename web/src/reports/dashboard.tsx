import { filterQuery, useDashboardExtras, useMetrics, useSpamCounts, type ReportFilters } from './api';
import { errorText } from '../api/error-text';
import { ChartBox } from './chart';
import { Feedback } from './feedback';
import { daysBetween, showValue } from './format';
import { SortableTable } from './sortable-table';
import { AttributeTable } from './attribute-table';
import { rt, type ReportKey } from './strings';

const SENTIMENT_COLORS: Record<string, string> = { positive: '#14a37f', neutral: '#9aa3b2', negative: '#d64545', unanalysed: '#d5d9e0' };
const KPIS = ['conversations', 'responseRate', 'firstResponseMedian', 'resolutionRate', 'slaAttainment', 'csat', 'nps', 'cesMean'];
const TABLES: Array<[string, ReportKey]> = [
  ['agent', 'table.agent'],
  ['team', 'table.team'],
  ['channel', 'table.channel'],
  ['tag', 'table.tag'],
];

/** The dashboard: headline numbers, four charts (five with SLAs), the tables, the latest feedback. */
export function Dashboard({ filters }: { filters: ReportFilters }) {
  const total = useMetrics(filters, '');
  const daily = useMetrics(filters, 'day');
  const extras = useDashboardExtras(filters);
  const spam = useSpamCounts(filters);
  const unit = (k: string) => total.data?.metrics.find((m) => m.key === k)?.unit ?? 'count';
  const has = (k: string) => !!total.data?.metrics.some((m) => m.key === k);
  // One point per day of the range, quiet days included (the API lists only days with data).
  const byDay = new Map((daily.data?.rows ?? []).map((r) => [r.key.day ?? '', r]));
  const labels = byDay.size ? daysBetween(filters.from, filters.to) : [];
  for (const k of byDay.keys()) if (!labels.includes(k)) labels.push(k);
  labels.sort();
  const empty = { metrics: {} as Record<string, number | null> };
  const days = labels.map((d) => byDay.get(d) ?? empty);
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  const error = total.error ?? daily.error ?? extras.error;

  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {rt('error', { message: errorText(error) })}
        </p>
      )}
      <section className="report-kpis" aria-label={rt('dashboard')}>
        {KPIS.filter(has).map((k) => (
          <div key={k} className="report-kpi" data-testid={`kpi-${k}`}>
            <span className="report-kpi-label">{rt(`kpi.${k}` as ReportKey)}</span>
            <span className="report-kpi-value">{total.data ? showValue(total.data.total.metrics[k], unit(k)) : '…'}</span>
          </div>
        ))}
        {spam.data && (
          <>
            <div className="report-kpi" data-testid="kpi-spamMarked">
              <span className="report-kpi-label">{rt('kpi.spamMarked')}</span>
              <span className="report-kpi-value">{spam.data.marked.total}</span>
              <span className="report-kpi-label">{rt('kpi.spamMarkedDetail', { triage: spam.data.marked.byTriage, agent: spam.data.marked.byAgent })}</span>
            </div>
            <div className="report-kpi" data-testid="kpi-notSpam">
              <span className="report-kpi-label">{rt('kpi.notSpam')}</span>
              <span className="report-kpi-value">{spam.data.notSpam.total}</span>
              <span className="report-kpi-label">{rt('kpi.notSpamDetail', { falsePositives: spam.data.notSpam.falsePositives })}</span>
            </div>
          </>
        )}
      </section>
      <section className="report-charts">
        <ChartBox
          id="volume"
          title={rt('chart.volume')}
          type="line"
          labels={labels}
          series={[
            { label: rt('chart.volume.inbound'), data: days.map((r) => r.metrics.inboundMessages ?? 0) },
            { label: rt('chart.volume.new'), data: days.map((r) => r.metrics.newConversations ?? 0) },
          ]}
        />
        <ChartBox
          id="first-response"
          title={rt('chart.firstResponse')}
          type="bar"
          labels={(extras.data?.firstResponseDistribution ?? []).map((b) => b.label)}
          series={[{ label: rt('chart.firstResponse.count'), data: (extras.data?.firstResponseDistribution ?? []).map((b) => b.count) }]}
        />
        <ChartBox
          id="csat"
          title={rt('chart.csat')}
          type="line"
          labels={labels}
          yMax={100}
          percent
          series={[{ label: rt('chart.csat.share'), data: days.map((r) => pct(r.metrics.csat)) }]}
        />
        <ChartBox
          id="sentiment"
          title={rt('chart.sentiment')}
          type="doughnut"
          labels={Object.keys(extras.data?.sentimentMix ?? {}).map((k) => rt(`sentiment.${k}` as ReportKey) ?? k)}
          colors={Object.keys(extras.data?.sentimentMix ?? {}).map((k) => SENTIMENT_COLORS[k] ?? '#7a8599')}
          series={[{ label: rt('chart.sentiment'), data: Object.values(extras.data?.sentimentMix ?? {}) }]}
        />
        {has('slaAttainment') && (
          <ChartBox
            id="sla"
            title={rt('chart.sla')}
            type="line"
            labels={labels}
            yMax={100}
            percent
            series={[{ label: rt('chart.sla'), data: days.map((r) => pct(r.metrics.slaAttainment)) }]}
          />
        )}
      </section>
      {TABLES.map(([by, title]) => (
        <GroupTable key={by} by={by} title={rt(title)} filters={filters} />
      ))}
      <AttributeTable filters={filters} />
      <Feedback />
      <p className="muted small">{rt('definitions')}</p>
    </>
  );
}

function GroupTable({ by, title, filters }: { by: string; title: string; filters: ReportFilters }) {
  const r = useMetrics(filters, by);
  return <SortableTable by={by} title={title} report={r.data} csvHref={`/api/v1/reports/export${filterQuery(filters, { by })}`} />;
}
