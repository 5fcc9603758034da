import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { useDialogs } from '../components/dialog';
import { t, type MessageKey } from '../i18n';
import { ActionList } from './automation/action-list';
import { type Macro, macroKeys, useMacros } from './automation/api';
import { type Action, blankAction, errorsOf, type FieldErrors, MACRO_ACTION_TYPES, under } from './automation/model';
import { Field } from './automation/widgets';
import './automation/automation.css';

interface Draft {
  id?: string;
  name: string;
  description: string;
  shared: boolean;
  actions: Action[];
}

/** Settings → Macros: the macros you can apply (shared and your own); edit yours, and shared ones with settings.manage. */
export function MacrosSettings({ admin, userId }: { admin: boolean; userId: string }) {
  const macros = useMacros();
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: macroKeys.macros });
  if (macros.data === null) return <p className="muted">{t('settings.unavailable')}</p>;
  const editable = (m: Macro) => (m.shared ? admin : m.ownerId === userId);
  return (
    <>
      <section className="card" aria-labelledby="macros-title">
        <h2 id="macros-title">{t('settings.macros')}</h2>
        <p className="muted">{t('macro.intro')}</p>
        {macros.data?.length === 0 && <p className="muted">{t('macro.empty')}</p>}
        <ul className="rule-list" data-testid="macro-list">
          {(macros.data ?? []).map((m) => (
            <li key={m.id} className="rule-item">
              <div className="rule-main">
                <strong>{m.name}</strong>
                <span className="macro-badge">{m.shared ? t('macro.sharedBadge') : t('macro.personalBadge')}</span>
                <div className="muted">
                  {m.actions.map((a) => t(`act.${a.type}` as MessageKey)).join(' · ')} · {t('macro.used', { n: m.appliedCount })}
                </div>
                {m.description && <div>{m.description}</div>}
              </div>
              {editable(m) && (
                <div className="rule-tools">
                  <button
                    type="button"
                    className="btn ghost small"
                    onClick={() => setDraft({ id: m.id, name: m.name, description: m.description, shared: m.shared, actions: m.actions })}
                  >
                    {t('settings.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn ghost small"
                    onClick={async () => {
                      const ok = await dialogs.confirm({
                        title: t('macro.deleteTitle'),
                        body: t('macro.deleteBody', { name: m.name }),
                        confirmLabel: t('settings.delete'),
                        danger: true,
                      });
                      if (ok) void del(`/macros/${m.id}`).then(refresh, (e: unknown) => setMsg(errorText(e)));
                    }}
                  >
                    {t('settings.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
        {!draft && (
          <button
            type="button"
            className="btn primary"
            onClick={() => setDraft({ name: '', description: '', shared: false, actions: [blankAction('add_tags')] })}
          >
            {t('macro.new')}
          </button>
        )}
        {msg && <p role="status">{msg}</p>}
      </section>
      {draft && (
        <MacroEditor
          key={draft.id ?? 'new'}
          initial={draft}
          admin={admin}
          onDone={() => {
            setDraft(null);
            refresh();
          }}
        />
      )}
    </>
  );
}

function MacroEditor({ initial, admin, onDone }: { initial: Draft; admin: boolean; onDone: () => void }) {
  const [d, setD] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [msg, setMsg] = useState<string | null>(null);
  const set = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  return (
    <form
      className="card auto-editor"
      aria-labelledby="macro-editor-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        setMsg(null);
        const body = { name: d.name, description: d.description, shared: d.shared, actions: d.actions };
        try {
          if (d.id) await patch(`/macros/${d.id}`, body);
          else await post('/macros', body);
          onDone();
        } catch (err) {
          if (err instanceof ApiError && err.fields?.length) {
            setErrors(errorsOf(err.fields));
            setMsg(t('auto.fixErrors'));
          } else setMsg(errorText(err));
        }
      }}
    >
      <h2 id="macro-editor-title">{d.id ? d.name || t('macro.new') : t('macro.new')}</h2>
      <Field label={t('macro.name')} error={errors.name}>
        {(p) => <input autoFocus required maxLength={80} value={d.name} aria-describedby={p.describedBy} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label={t('macro.description')} error={errors.description}>
        {(p) => <input maxLength={300} value={d.description} aria-describedby={p.describedBy} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={d.shared} disabled={!admin} onChange={(e) => set({ shared: e.target.checked })} /> {t('macro.shared')}
      </label>
      <p className="muted">{t('macro.sharedHelp')}</p>
      <section className="auto-section">
        <h3>{t('auto.then')}</h3>
        <ActionList actions={d.actions} onChange={(actions) => set({ actions })} types={MACRO_ACTION_TYPES} errors={under(errors, 'actions')} />
      </section>
      <div className="row">
        <button className="btn primary">{t('macro.save')}</button>
        <button type="button" className="btn ghost" onClick={onDone}>
          {t('settings.cancel')}
        </button>
      </div>
      {msg && <p role="status">{msg}</p>}
    </form>
  );
}
