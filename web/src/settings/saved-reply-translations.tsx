import { t } from '../i18n';
import { languageLabel } from '../lib/saved-reply-language';
import '../components/saved-replies.css';

export interface TranslationDraft {
  /** Stable while editing (React key): the language may be edited. */
  key: number;
  language: string;
  body: string;
}

/** Suggested codes: the languages Hearken itself writes to customers (README "Languages customers read"); any other code is accepted. */
const SUGGESTED = ['en', 'vi', 'zh', 'tr', 'hy', 'pt', 'es'];
let nextKey = 1;
export const newTranslationDraft = (language = '', body = ''): TranslationDraft => ({ key: nextKey++, language, body });

/**
 * The translations part of the saved-reply form: a language code and a text per row, a row
 * removed with its button, a row added empty. The server checks the codes and refuses a language
 * given twice; the form says so already while typing.
 */
export function TranslationsEditor({ value, onChange }: { value: TranslationDraft[]; onChange: (next: TranslationDraft[]) => void }) {
  const set = (key: number, patch: Partial<TranslationDraft>) => onChange(value.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const seen = new Set<string>();
  const twice = new Set<number>();
  for (const d of value) {
    const code = d.language.trim().toLowerCase();
    if (code && seen.has(code)) twice.add(d.key);
    seen.add(code);
  }
  return (
    <fieldset className="sr-translations">
      <legend>{t('srLang.translations')}</legend>
      <p className="muted">{t('srLang.translationsHelp')}</p>
      {value.length === 0 && <p className="muted">{t('srLang.none')}</p>}
      <datalist id="sr-language-codes">
        {SUGGESTED.map((c) => (
          <option key={c} value={c}>
            {languageLabel(c)}
          </option>
        ))}
      </datalist>
      {value.map((d) => {
        const name = d.language.trim() ? languageLabel(d.language.trim()) : '';
        return (
          <div key={d.key} className="sr-translation">
            <input
              required
              list="sr-language-codes"
              aria-label={t('srLang.language')}
              placeholder="vi"
              maxLength={16}
              value={d.language}
              onChange={(e) => set(d.key, { language: e.target.value })}
            />
            <textarea
              required
              rows={3}
              aria-label={name ? t('srLang.text', { language: name }) : t('srLang.textNew')}
              value={d.body}
              onChange={(e) => set(d.key, { body: e.target.value })}
            />
            <button type="button" className="btn ghost small" onClick={() => onChange(value.filter((x) => x.key !== d.key))}>
              {t('srLang.remove', { language: d.language.trim() || '…' })}
            </button>
            {twice.has(d.key) && (
              <p className="form-error" role="alert">
                {t('srLang.duplicate', { language: name })}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <button type="button" className="btn ghost small" onClick={() => onChange([...value, newTranslationDraft()])}>
          {t('srLang.add')}
        </button>
      </div>
    </fieldset>
  );
}
