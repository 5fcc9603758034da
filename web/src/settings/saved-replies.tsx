import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { useSavedReplies } from '../api/queries';
import { t } from '../i18n';
import { useDialogs } from '../components/dialog';
import { LanguageChips } from '../components/composer-parts';
import type { SavedReply } from '../api/types';
import { newTranslationDraft, TranslationsEditor, type TranslationDraft } from './saved-reply-translations';

interface Draft {
  id?: string;
  name: string;
  body: string;
  /** The main text's language code; '' = not said. */
  language: string;
  translations: TranslationDraft[];
}

const draftOf = (r: SavedReply): Draft => ({
  id: r.id,
  name: r.name,
  body: r.body,
  language: r.language ?? '',
  translations: (r.translations ?? []).map((x) => newTranslationDraft(x.language, x.body)),
});

/** What the API takes: translations replace the stored set (an empty list removes them all). */
const payloadOf = (d: Draft) => ({
  name: d.name,
  body: d.body,
  language: d.language.trim() || null,
  translations: d.translations.map((x) => ({ language: x.language.trim(), body: x.body })),
});

export function SavedRepliesSettings({ editable }: { editable: boolean }) {
  const list = useSavedReplies('');
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['saved-replies'] });
  if (list.data === null) return <p className="muted">{t('settings.unavailable')}</p>;
  return (
    <section className="card">
      <h2>{t('settings.savedReplies')}</h2>
      <p className="muted">{t('settings.variablesHelp')}</p>
      <ul className="saved-list">
        {(list.data ?? []).map((r) => (
          <li key={r.id}>
            <strong>
              {r.name}
              <LanguageChips r={r} />
            </strong>
            <p className="pre">{r.body}</p>
            {editable && (
              <div className="row">
                <button className="btn ghost small" onClick={() => setEditing(draftOf(r))}>
                  {t('settings.edit')}
                </button>
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({
                      title: t('settings.removeTitle'),
                      body: t('settings.confirmRemove', { name: r.name }),
                      confirmLabel: t('settings.delete'),
                      danger: true,
                    })) && void del(`/saved-replies/${r.id}`).then(refresh, (e: unknown) => setMsg(errorText(e)))
                  }
                >
                  {t('settings.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editable && !editing && (
        <button className="btn primary" onClick={() => setEditing({ name: '', body: '', language: '', translations: [] })}>
          {t('settings.newSavedReply')}
        </button>
      )}
      {editing && (
        <form
          className="col-form"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              if (editing.id) await patch(`/saved-replies/${editing.id}`, payloadOf(editing));
              else await post('/saved-replies', payloadOf(editing));
              setEditing(null);
              refresh();
            } catch (err) {
              setMsg(errorText(err));
            }
          }}
        >
          <label>
            {t('settings.name')}
            <input required value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} />
          </label>
          <label>
            {t('settings.savedReplyBody')}
            <textarea required rows={5} value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} />
          </label>
          <label>
            {t('srLang.mainLanguage')}
            <input
              list="sr-language-codes"
              maxLength={16}
              placeholder="en"
              value={editing.language}
              onChange={(e) => setEditing({ ...editing, language: e.target.value })}
            />
          </label>
          <p className="muted">{t('srLang.mainLanguageHelp')}</p>
          <TranslationsEditor value={editing.translations} onChange={(translations) => setEditing({ ...editing, translations })} />
          <div className="row">
            <button className="btn primary">{t('settings.save')}</button>
            <button type="button" className="btn ghost" onClick={() => setEditing(null)}>
              {t('settings.cancel')}
            </button>
          </div>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
