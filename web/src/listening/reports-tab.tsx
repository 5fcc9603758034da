import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, qs } from '../api/client';
import { errorText } from '../api/error-text';
import { ChartBox } from '../reports/chart';
import '../reports/reports.css';
import { useListeningQueries } from './api';
import { labelOf, lt } from './strings';
import { dayLabel, localDayKey } from '../lib/time';

type Mix = { positive: number; neutral: number; negative: number; unknown: number };
interface ListeningReport {
  from: string;
  to: string;
  timeZone: string;
  volume: Array<{ queryId: string; name: string; kind: string; days: Array<{ date: string; mentions: number } & Mix> }>;
  shareOfVoice: Array<{ queryId: string; name: string; kind: string; mentions: number; share: number } & Mix>;
  topAuthors: Array<{ author: string; authorName: string | null; source: string; mentions: number } & Mix>;
  topTerms: Array<{ term: string; mentions: number }>;
}

const SENTIMENTS = ['positive', 'neutral', 'negative', 'unknown'] as const;
const SENTIMENT_COLORS: Record<(typeof SENTIMENTS)[number], string> = { positive: '#14a37f', neutral: '#7a8599', negative: '#d64545', unknown: '#c9ced6' };

/** Listening reports: volume and sentiment per query, share of voice, top authors and terms. */
export default function ReportsTab() {
  // Today and 29 days before, in the person's own time zone (not UTC: late in the evening west of
  // Greenwich, or early in the morning east of it, UTC is already another day).
  const [from, setFrom] = useState(() => localDayKey(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(() => localDayKey());
  const [off, setOff] = useState<string[]>([]);
  const queries = useListeningQueries();
  const chosen = (queries.data ?? []).filter((q) => !off.includes(q.id)).map((q) => q.id);
  const params = { from, to, queries: chosen.join(',') || undefined };
  const report = useQuery({
    queryKey: ['listening', 'reports', params],
    queryFn: () => get<ListeningReport>(`/listening/reports${qs(params)}`),
    enabled: !!queries.data && chosen.length > 0,
  });
  const csv = (table: string) => `/api/v1/listening/reports/${table}${qs({ ...params, format: 'csv' })}`;
  const r = report.data;
  return (
    <>
      <section className="card">
        <div className="row">
          <h2>{lt('tabReports')}</h2>
          <span className="spacer" />
          <label>
            {lt('reportFrom')} <input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
          </label>
          <label>
            {lt('reportTo')} <input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
          </label>
        </div>
        <fieldset className="row">
          <legend>{lt('reportQueries')}</legend>
          {(queries.data ?? []).map((q) => (
            <label key={q.id}>
              <input
                type="checkbox"
                checked={!off.includes(q.id)}
                onChange={(e) => setOff(e.target.checked ? off.filter((x) => x !== q.id) : [...off, q.id])}
              />{' '}
              {q.name} <span className="muted small">({lt(q.kind === 'brand' ? 'kindBrand' : 'kindCompetitor')})</span>
            </label>
          ))}
        </fieldset>
        {queries.data && !queries.data.length && <p className="muted">{lt('empty')}</p>}
        {report.isLoading && <p className="muted">{lt('loading')}</p>}
        {report.error && <p className="error">{errorText(report.error)}</p>}
        {r && <p className="muted small">{lt('reportZone', { zone: r.timeZone })}</p>}
      </section>
      {r && (
        <>
          <section className="card">
            <div className="row">
              <h2>{lt('reportShare')}</h2>
              <span className="spacer" />
              <a className="btn ghost small" href={csv('share-of-voice')} download data-testid="csv-share-of-voice">
                {lt('reportCsv')}
              </a>
            </div>
            <ChartBox
              id="share-of-voice"
              title={lt('reportShare')}
              type="doughnut"
              labels={r.shareOfVoice.map((s) => s.name)}
              series={[{ label: lt('colMentions'), data: r.shareOfVoice.map((s) => s.mentions) }]}
            />
            <table className="listening-report-table">
              <thead>
                <tr>
                  <th>{lt('colQuery')}</th>
                  <th>{lt('kind')}</th>
                  <th>{lt('colMentions')}</th>
                  <th>{lt('colShare')}</th>
                  {SENTIMENTS.map((s) => (
                    <th key={s}>{lt(`sent_${s}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.shareOfVoice.map((s) => (
                  <tr key={s.queryId} data-testid="share-row">
                    <td>{s.name}</td>
                    <td>{lt(s.kind === 'brand' ? 'kindBrand' : 'kindCompetitor')}</td>
                    <td>{s.mentions}</td>
                    <td>{(s.share * 100).toFixed(1)} %</td>
                    {SENTIMENTS.map((k) => (
                      <td key={k}>{s[k]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <div className="row">
              <h2>{lt('colMentions')}</h2>
              <span className="spacer" />
              <a className="btn ghost small" href={csv('volume')} download data-testid="csv-volume">
                {lt('reportCsv')}
              </a>
            </div>
            <div className="report-charts">
              {r.volume.map((v) => (
                <ChartBox
                  key={v.queryId}
                  id={`volume-${v.queryId}`}
                  title={lt('reportVolume', { name: v.name })}
                  type="bar"
                  labels={v.days.map((d) => dayLabel(d.date))}
                  series={SENTIMENTS.map((s) => ({ label: lt(`sent_${s}`), data: v.days.map((d) => d[s]), color: SENTIMENT_COLORS[s] }))}
                />
              ))}
            </div>
          </section>
          <section className="card">
            <div className="row">
              <h2>{lt('reportAuthors')}</h2>
              <span className="spacer" />
              <a className="btn ghost small" href={csv('top-authors')} download data-testid="csv-top-authors">
                {lt('reportCsv')}
              </a>
            </div>
            <table className="listening-report-table" data-testid="top-authors">
              <thead>
                <tr>
                  <th>{lt('colAuthor')}</th>
                  <th>{lt('colSource')}</th>
                  <th>{lt('colMentions')}</th>
                  {SENTIMENTS.map((s) => (
                    <th key={s}>{lt(`sent_${s}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.topAuthors.map((a) => (
                  <tr key={`${a.source}/${a.author}`}>
                    <td>
                      {a.authorName ? `${a.authorName} ` : ''}
                      <span className="muted">@{a.author}</span>
                    </td>
                    <td>{labelOf('source', a.source)}</td>
                    <td>{a.mentions}</td>
                    {SENTIMENTS.map((k) => (
                      <td key={k}>{a[k]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <div className="row">
              <h2>{lt('reportTerms')}</h2>
              <span className="spacer" />
              <a className="btn ghost small" href={csv('top-terms')} download data-testid="csv-top-terms">
                {lt('reportCsv')}
              </a>
            </div>
            <table className="listening-report-table" data-testid="top-terms">
              <thead>
                <tr>
                  <th>{lt('colTerm')}</th>
                  <th>{lt('colMentions')}</th>
                </tr>
              </thead>
              <tbody>
                {r.topTerms.map((t) => (
                  <tr key={t.term}>
                    <td>{t.term}</td>
                    <td>{t.mentions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
