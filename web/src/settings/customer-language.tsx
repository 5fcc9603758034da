import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, patch } from '../api/client';
import { t } from '../i18n';

interface Workspace {
  id: string;
  name: string;
  defaultLanguage: string | null;
  languages: string[];
}

// Each language by its own name: whoever reads the list finds theirs.
const NAMES: Record<string, string> = { en: 'English', vi: 'Tiếng Việt', zh: '中文', tr: 'Türkçe', hy: 'Հայերեն', pt: 'Português', es: 'Español' };

/**
 * The workspace's default customer language: what Hearken's own texts to customers (public note
 * on a move to private, default auto-replies, surveys, site chat) are written in when a
 * conversation's language is unknown. Admins change it; everyone else reads.
 */
export function CustomerLanguageSetting({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const ws = useQuery({ queryKey: ['workspace'], queryFn: () => get<Workspace>('/workspace') });
  const [msg, setMsg] = useState<string | null>(null);
  if (!ws.data) return null;
  const change = async (value: string) => {
    setMsg(null);
    try {
      await patch('/workspace', { defaultLanguage: value || null });
      setMsg(t('settings.saved'));
      void qc.invalidateQueries({ queryKey: ['workspace'] });
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby="customer-language-title">
      <h2 id="customer-language-title">{t('language.title')}</h2>
      <p className="muted">{t('language.help')}</p>
      <label className="field-inline">
        <span>{t('language.default')}</span>
        <select disabled={!admin} value={ws.data.defaultLanguage ?? ''} onChange={(e) => void change(e.target.value)}>
          <option value="">{t('language.english')}</option>
          {ws.data.languages
            .filter((l) => l !== 'en')
            .map((l) => (
              <option key={l} value={l}>
                {NAMES[l] ?? l}
              </option>
            ))}
        </select>
      </label>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
