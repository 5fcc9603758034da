import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { useAttributeDefs } from '../api/queries';
import type { ImportReport } from './api';
import { ct } from './strings';

const MAX_BYTES = 2 * 1024 * 1024;

/**
 * CSV import in two steps: the file is checked first (nothing changes) and the mapping of its
 * columns shown and editable; then the good rows are imported and the bad ones listed with why.
 */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const defs = useAttributeDefs().data ?? [];
  const [csv, setCsv] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (text: string, map: Record<string, string>, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await post<ImportReport>('/contacts/import', { csv: text, mapping: Object.keys(map).length ? map : undefined, dryRun });
      setReport(r);
      setMapping(r.mapping);
      if (r.applied) {
        void qc.invalidateQueries({ queryKey: ['contacts'] });
        void qc.invalidateQueries({ queryKey: ['contact'] });
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const targets = ['ignore', 'id', 'name', 'email', 'phone', ...defs.map((d) => `attributes.${d.key}`)];
  const targetLabel = (v: string) =>
    v === 'ignore' ? ct('importIgnore') : v.startsWith('attributes.') ? (defs.find((d) => `attributes.${d.key}` === v)?.label ?? v.slice(11)) : v;
  const good = report ? report.created + report.updated : 0;

  return (
    <section className="import-panel" aria-label={ct('importTitle')}>
      <h2>{ct('importTitle')}</h2>
      <p className="muted small">{ct('importHelp')}</p>
      <label>
        {ct('importFile')}{' '}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setReport(null);
            if (!f) return;
            if (f.size > MAX_BYTES) return setError(ct('importHelp'));
            const text = await f.text();
            setCsv(text);
            await send(text, {}, true);
          }}
        />
      </label>
      {report && csv && (
        <>
          <table className="contacts-table import-mapping">
            <thead>
              <tr>
                <th>{ct('importColumn')}</th>
                <th>{ct('importTarget')}</th>
              </tr>
            </thead>
            <tbody>
              {report.headers.map((h) => (
                <tr key={h}>
                  <td>{h}</td>
                  <td>
                    <select
                      aria-label={`${ct('importTarget')}: ${h}`}
                      value={mapping[h] ?? 'ignore'}
                      onChange={(e) => setMapping({ ...mapping, [h]: e.target.value })}
                    >
                      {[...new Set([...targets, mapping[h] ?? 'ignore'])].map((v) => (
                        <option key={v} value={v}>
                          {targetLabel(v)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p role="status" data-testid="import-summary">
            {report.applied
              ? ct('importDone', { created: report.created, updated: report.updated, failed: report.failed.length })
              : ct('importSummary', { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed.length })}
          </p>
          {report.failed.length > 0 && (
            <ul className="import-errors" data-testid="import-errors">
              {report.failed.map((f) => (
                <li key={f.row}>
                  <strong>{ct('importRow', { row: f.row })}</strong>: {f.errors.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {!report.applied && (
            <div className="dialog-actions">
              <button className="btn ghost small" disabled={busy} onClick={() => void send(csv, mapping, true)}>
                {ct('importPreview')}
              </button>
              <button className="btn small" disabled={busy || good === 0} onClick={() => void send(csv, mapping, false)}>
                {good === 0 ? ct('importNothing') : ct('importApply', { n: good })}
              </button>
            </div>
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="btn ghost small" onClick={onClose}>
        {report?.applied ? ct('close') : ct('cancel')}
      </button>
    </section>
  );
}
