import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, post, put } from '../api/client';
import { errorText } from '../api/error-text';
import { useAttributeDefs } from '../api/queries';
import type { AttributeDef, AttributeType } from '../api/types';
import { useDialogs } from '../components/dialog';
import { t, type MessageKey } from '../i18n';

const TYPES: AttributeType[] = ['text', 'number', 'date', 'boolean', 'select'];
type Draft = { id: string | null; key: string; label: string; type: AttributeType; options: string; description: string };
const EMPTY: Draft = { id: null, key: '', label: '', type: 'text', options: '', description: '' };

/**
 * Contact attributes: the fields a workspace keeps about its customers (plan, order number,
 * VIP…), each with a type; the contact panel shows the right input for it, and saved replies
 * fill {{contact.<key>}} from it. Everyone reads the list; settings.manage changes it.
 */
export function ContactAttributesSettings({ admin }: { admin: boolean }) {
  const defs = useAttributeDefs();
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['contact-attributes'] });
  const save = async (d: Draft) => {
    const body = {
      key: d.key.trim(),
      label: d.label.trim(),
      type: d.type,
      options:
        d.type === 'select'
          ? d.options
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean)
          : [],
      description: d.description.trim(),
    };
    try {
      if (d.id) await put(`/contact-attributes/${d.id}`, body);
      else await post('/contact-attributes', body);
      setDraft(null);
      setMsg(null);
      refresh();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  const remove = async (d: AttributeDef) => {
    if (
      !(await dialogs.confirm({ title: t('attrs.delete'), body: t('attrs.deleteConfirm', { label: d.label }), confirmLabel: t('attrs.delete'), danger: true }))
    )
      return;
    try {
      await del(`/contact-attributes/${d.id}`);
      refresh();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  return (
    <section>
      <h2>{t('settings.contactAttributes')}</h2>
      <p className="muted">{t('attrs.help')}</p>
      <table className="contacts-table">
        <thead>
          <tr>
            <th>{t('attrs.label')}</th>
            <th>{t('attrs.key')}</th>
            <th>{t('attrs.type')}</th>
            <th>{t('attrs.variable')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(defs.data ?? []).map((d) => (
            <tr key={d.id}>
              <td title={d.description || undefined}>{d.label}</td>
              <td>
                <code>{d.key}</code>
              </td>
              <td>
                {t(`attrs.type_${d.type}` as MessageKey)}
                {d.type === 'select' ? `: ${d.options.join(', ')}` : ''}
              </td>
              <td>
                <code>{`{{contact.${d.key}}}`}</code>
              </td>
              <td>
                {admin && (
                  <>
                    <button
                      className="btn ghost small"
                      onClick={() =>
                        setDraft({ id: d.id, key: d.key, label: d.label, type: d.type, options: d.options.join('\n'), description: d.description })
                      }
                    >
                      {t('attrs.edit')}
                    </button>{' '}
                    <button className="btn ghost small danger" onClick={() => void remove(d)}>
                      {t('attrs.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {admin && !draft && (
        <button className="btn small" onClick={() => setDraft(EMPTY)}>
          {t('attrs.add')}
        </button>
      )}
      {draft && (
        <form
          className="contact-details"
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft);
          }}
        >
          <label>
            {t('attrs.label')}
            <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} maxLength={80} required />
          </label>
          <label>
            {t('attrs.key')}
            <input
              value={draft.key}
              disabled={!!draft.id}
              onChange={(e) => setDraft({ ...draft, key: e.target.value })}
              maxLength={40}
              pattern="[a-z][a-z0-9_]*"
              required
            />
          </label>
          <label>
            {t('attrs.type')}
            <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as AttributeType })}>
              {TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`attrs.type_${ty}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {draft.type === 'select' && (
            <label>
              {t('attrs.options')}
              <textarea value={draft.options} onChange={(e) => setDraft({ ...draft, options: e.target.value })} rows={4} />
            </label>
          )}
          <label>
            {t('attrs.description')}
            <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} maxLength={300} />
          </label>
          <div className="dialog-actions">
            <button type="button" className="btn ghost small" onClick={() => setDraft(null)}>
              {t('contact.cancel')}
            </button>
            <button className="btn small">{t('attrs.save')}</button>
          </div>
        </form>
      )}
      {msg && (
        <p className="form-error" role="alert">
          {msg}
        </p>
      )}
    </section>
  );
}
