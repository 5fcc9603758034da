import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get } from '../api/client';
import { errorText } from '../api/error-text';
import { t } from '../i18n';

/** The owner's switch: every member of this workspace signs in with two-factor. */
export function RequireTwoFactor() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['require-two-factor'], queryFn: () => get<{ requireTwoFactor: boolean }>('/workspace/two-factor') });
  const [error, setError] = useState<string | null>(null);
  if (!q.data) return null;
  const change = async (on: boolean) => {
    setError(null);
    try {
      await api('PUT', '/workspace/two-factor', { requireTwoFactor: on });
    } catch (err) {
      setError(errorText(err));
    }
    void qc.invalidateQueries({ queryKey: ['require-two-factor'] });
  };
  return (
    <section className="card" aria-labelledby="require-title">
      <h2 id="require-title">{t('twofa.requireTitle')}</h2>
      <p className="muted">{t('twofa.requireHelp')}</p>
      <label className="check">
        <input type="checkbox" checked={q.data.requireTwoFactor} onChange={(e) => void change(e.target.checked)} /> {t('twofa.requireTitle')}
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
