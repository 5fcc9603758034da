import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { useSession } from '../session';
import { lkeys, useListeningQueries, type ListeningPost, type ListeningQuery } from './api';
import { labelOf, lt } from './strings';
import { useDialogs } from '../components/dialog';

interface Draft {
  id?: string;
  name: string;
  query: string;
  kind: 'brand' | 'competitor';
  active: boolean;
  accentSensitive: boolean;
}

/** Saved queries with their precision, and the editor with live parse errors and a preview. */
export function QueriesPanel() {
  const list = useListeningQueries();
  const { can } = useSession();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['listening'] });
  return (
    <section className="card">
      <h2>{lt('tabQueries')}</h2>
      {list.isPending && <p className="muted">{lt('loading')}</p>}
      <ul className="saved-list">
        {(list.data ?? []).map((q) => (
          <QueryRow key={q.id} q={q} editable={can('listening.use')} onEdit={() => setDraft({ ...q })} onChanged={refresh} />
        ))}
      </ul>
      {!draft && can('listening.use') && (
        <button className="btn primary" onClick={() => setDraft({ name: '', query: '', kind: 'brand', active: true, accentSensitive: false })}>
          {lt('newQuery')}
        </button>
      )}
      {draft && (
        <QueryEditor
          draft={draft}
          onChange={setDraft}
          onDone={() => {
            setDraft(null);
            void qc.invalidateQueries({ queryKey: lkeys.queries });
          }}
        />
      )}
    </section>
  );
}

function QueryRow({ q, editable, onEdit, onChanged }: { q: ListeningQuery; editable: boolean; onEdit: () => void; onChanged: () => void }) {
  const dialogs = useDialogs();
  return (
    <li data-testid="listening-query">
      <div className="row">
        <strong>{q.name}</strong>
        <span className="chip">{q.kind === 'brand' ? lt('kindBrand') : lt('kindCompetitor')}</span>
        {!q.active && <span className="chip">{lt('paused')}</span>}
        <span className="spacer" />
        <span data-testid="precision">{q.precision === null ? lt('precisionNone') : lt('precision', { p: `${Math.round(q.precision * 100)}%` })}</span>
        <span className="muted small">{lt('judged', { relevant: q.relevant, irrelevant: q.irrelevant })}</span>
      </div>
      <code className="pre">{q.query}</code>
      {editable && (
        <div className="row">
          <button className="btn ghost small" onClick={onEdit}>
            {lt('editQuery')}
          </button>
          <button className="btn ghost small" onClick={() => void patch(`/listening/queries/${q.id}`, { active: !q.active }).then(onChanged)}>
            {q.active ? lt('pause') : lt('resume')}
          </button>
          <button
            className="btn ghost small"
            onClick={async () =>
              (await dialogs.confirm({ title: lt('confirmDelete', { name: q.name }), confirmLabel: lt('deleteQuery'), danger: true })) &&
              void del(`/listening/queries/${q.id}`).then(onChanged)
            }
          >
            {lt('deleteQuery')}
          </button>
        </div>
      )}
    </li>
  );
}

/** The server's parser is the one truth: every pause in typing asks for a preview, which also validates. */
function QueryEditor({ draft, onChange, onDone }: { draft: Draft; onChange: (d: Draft) => void; onDone: () => void }) {
  const [preview, setPreview] = useState<{ scanned: number; matches: ListeningPost[] } | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  useEffect(() => {
    if (!draft.query.trim()) {
      setPreview(null);
      setParseError(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(async () => {
      try {
        const r = await post<{ scanned: number; matches: ListeningPost[] }>('/listening/queries/preview', {
          query: draft.query,
          accentSensitive: draft.accentSensitive,
          limit: 20,
        });
        if (stale) return;
        setPreview(r);
        setParseError(null);
      } catch (e) {
        if (stale) return;
        setPreview(null);
        setParseError(e instanceof ApiError ? (e.fields?.[0]?.reason ?? e.message) : String(e));
      }
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [draft.query, draft.accentSensitive]);
  const caret = parseError ? Number(/at position (\d+)/.exec(parseError)?.[1] ?? -1) : -1;
  return (
    <form
      className="col-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaveError(null);
        const body = { name: draft.name, query: draft.query, kind: draft.kind, active: draft.active, accentSensitive: draft.accentSensitive };
        try {
          if (draft.id) await patch(`/listening/queries/${draft.id}`, body);
          else await post('/listening/queries', body);
          onDone();
        } catch (err) {
          setSaveError(errorText(err));
        }
      }}
    >
      <label>
        {lt('name')}
        <input required value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label>
        {lt('queryText')}
        <textarea
          required
          rows={3}
          spellCheck={false}
          value={draft.query}
          aria-invalid={!!parseError}
          onChange={(e) => onChange({ ...draft, query: e.target.value })}
        />
      </label>
      <p className="muted small">{lt('queryHelp')}</p>
      {parseError ? (
        <div className="form-error" role="alert" data-testid="parse-error">
          <p>{parseError}</p>
          {caret >= 0 && (
            <pre className="caret-line" aria-hidden="true">
              {draft.query.split('\n').join(' ')}
              {'\n'}
              {' '.repeat(caret)}^
            </pre>
          )}
        </div>
      ) : (
        preview && <p className="muted small">{lt('parseOk')}</p>
      )}
      <div className="row">
        <label className="field-inline">
          {lt('kind')}
          <select value={draft.kind} onChange={(e) => onChange({ ...draft, kind: e.target.value as Draft['kind'] })}>
            <option value="brand">{lt('kindBrand')}</option>
            <option value="competitor">{lt('kindCompetitor')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => onChange({ ...draft, active: e.target.checked })} /> {lt('active')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.accentSensitive} onChange={(e) => onChange({ ...draft, accentSensitive: e.target.checked })} />{' '}
          {lt('accentSensitive')}
        </label>
      </div>
      {preview && (
        <div data-testid="preview">
          <h3>{lt('preview')}</h3>
          <p className="muted small">{lt('previewCount', { n: preview.matches.length, scanned: preview.scanned })}</p>
          <ul className="listening-list">
            {preview.matches.map((p) => (
              <li key={p.id} className="listening-item">
                <span className="chip">{labelOf('source', p.source)}</span> <strong>{p.authorName ?? p.author ?? '—'}</strong>
                <p className="pre">{p.text}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="row">
        <button className="btn primary" disabled={!!parseError}>
          {lt('save')}
        </button>
        <button type="button" className="btn ghost" onClick={onDone}>
          {lt('cancel')}
        </button>
      </div>
      {saveError && (
        <p className="form-error" role="alert">
          {saveError}
        </p>
      )}
    </form>
  );
}
