import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError, del, get, patch, post } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useDialogs } from '../../components/dialog';
import { t, type MessageKey } from '../../i18n';
import { ruleKeys, useRules } from './api';
import { blankRule, inputOf, type Rule, type RuleInput } from './model';
import { RuleEditor } from './rule-editor';
import { RuleLog } from './rule-log';
import './automation.css';

/** Settings → Automation: the ordered rules, the editor, import/export, and the log of firings. */
export function AutomationSettings({ admin }: { admin: boolean }) {
  const rules = useRules();
  const [editing, setEditing] = useState<{ rule?: Rule; initial: RuleInput } | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ruleKeys.rules });
  if (rules.data === null) return <p className="muted">{t('auto.unavailable')}</p>;
  const list = rules.data ?? [];
  const run = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setMsg(errorText(e)));

  return (
    <>
      <section className="card" aria-labelledby="auto-title">
        <h2 id="auto-title">{t('settings.automation')}</h2>
        <p className="muted">{t('auto.intro')}</p>
        {!admin && <p className="muted">{t('auto.readOnly')}</p>}
        {rules.error && <p role="alert">{errorText(rules.error)}</p>}
        {list.length === 0 && rules.isSuccess && <p className="muted">{t('auto.empty')}</p>}
        {list.length > 1 && admin && <p className="muted">{t('auto.dragHint')}</p>}
        <RuleList rules={list} admin={admin} onEdit={(r) => setEditing({ rule: r, initial: inputOf(r) })} run={run} />
        {admin && (
          <div className="row">
            <button type="button" className="btn primary" onClick={() => setEditing({ initial: blankRule() })}>
              {t('auto.newRule')}
            </button>
            <ImportExport onDone={(m) => (setMsg(m), void refresh())} />
          </div>
        )}
        {msg && <p role="status">{msg}</p>}
      </section>
      {editing && <RuleEditor key={editing.rule?.id ?? 'new'} rule={editing.rule} initial={editing.initial} onClose={() => setEditing(null)} />}
      <RuleLog rules={list} />
    </>
  );
}

function RuleList({ rules, admin, onEdit, run }: { rules: Rule[]; admin: boolean; onEdit: (r: Rule) => void; run: (p: Promise<unknown>) => void }) {
  const dialogs = useDialogs();
  const dragFrom = useRef<number | null>(null);
  const reorder = (from: number, to: number) => {
    if (from === to || to < 0 || to >= rules.length) return;
    const ids = rules.map((r) => r.id);
    const [moved] = ids.splice(from, 1);
    ids.splice(to, 0, moved!);
    run(post('/rules/reorder', { ids }));
  };
  return (
    <ol className="rule-list" data-testid="rule-list">
      {rules.map((r, i) => (
        <li
          key={r.id}
          className={r.enabled ? 'rule-item' : 'rule-item off'}
          draggable={admin}
          onDragStart={() => {
            dragFrom.current = i;
          }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={() => {
            if (dragFrom.current !== null) reorder(dragFrom.current, i);
            dragFrom.current = null;
          }}
        >
          <span className="rule-pos">{t('auto.position', { n: i + 1 })}</span>
          <div className="rule-main">
            <strong>{r.name}</strong>
            <span className="muted">
              {' '}
              {t(`trigger.${r.trigger.type}` as MessageKey)}
              {/* Only where the server counts firings per rule: "never fired" must not be a guess. */}
              {r.lastFiredAt !== undefined &&
                ` · ${r.lastFiredAt ? t('auto.lastFired', { when: new Date(r.lastFiredAt).toLocaleString() }) : t('auto.neverFired')}`}
              {r.firingCount !== undefined && ` · ${t('auto.firings', { n: r.firingCount })}`}
            </span>
            {r.broken && <p role="alert">{t('auto.broken', { why: r.broken })}</p>}
          </div>
          <label className="check rule-toggle">
            <input
              type="checkbox"
              checked={r.enabled}
              disabled={!admin}
              aria-label={t('auto.enableRule', { name: r.name })}
              onChange={(e) => run(patch(`/rules/${r.id}`, { enabled: e.target.checked }))}
            />
            {t('auto.ruleOn')}
          </label>
          {admin && (
            <div className="rule-tools">
              <button type="button" className="icon-btn" aria-label={t('auto.moveUp', { name: r.name })} disabled={i === 0} onClick={() => reorder(i, i - 1)}>
                ↑
              </button>
              <button
                type="button"
                className="icon-btn"
                aria-label={t('auto.moveDown', { name: r.name })}
                disabled={i === rules.length - 1}
                onClick={() => reorder(i, i + 1)}
              >
                ↓
              </button>
              <button type="button" className="btn ghost small" onClick={() => onEdit(r)}>
                {t('settings.edit')}
              </button>
              <button
                type="button"
                className="btn ghost small"
                onClick={async () => {
                  const ok = await dialogs.confirm({
                    title: t('auto.deleteTitle'),
                    body: t('auto.deleteBody', { name: r.name }),
                    confirmLabel: t('settings.delete'),
                    danger: true,
                  });
                  if (ok) run(del(`/rules/${r.id}`));
                }}
              >
                {t('settings.delete')}
              </button>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Export downloads the rules file; import reads one, adding after the current rules or replacing them. */
function ImportExport({ onDone }: { onDone: (msg: string) => void }) {
  const file = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const exportRules = async () => {
    try {
      const data = await get<unknown>('/rules/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'hearken-rules.json';
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      onDone(errorText(e));
    }
  };
  const importFile = async (f: File) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await f.text());
    } catch (e) {
      onDone(t('auto.importBad', { why: (e as Error).message }));
      return;
    }
    try {
      const r = await post<{ rules: unknown[] }>('/rules/import', { file: parsed, replace });
      onDone(t('auto.imported', { n: (parsed as { rules?: unknown[] }).rules?.length ?? r.rules.length }));
    } catch (e) {
      onDone(e instanceof ApiError && e.fields?.length ? `${errorText(e)} (${e.fields.map((x) => x.field).join(', ')})` : errorText(e));
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void exportRules()}>
        {t('auto.export')}
      </button>
      <button type="button" className="btn" onClick={() => file.current?.click()}>
        {t('auto.import')}
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="rules-import"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importFile(f);
          e.target.value = '';
        }}
      />
      <label className="check">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> {t('auto.importReplace')}
      </label>
    </>
  );
}
