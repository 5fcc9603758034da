import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import { t } from '../i18n';

/** Shown instead of the app while the account's password is a generated one (the API answers password_change_required). */
export function ForcedPasswordChange() {
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/auth/password', { currentPassword: current, newPassword: next });
      await qc.invalidateQueries({ queryKey: keys.me });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="forced-title">
        <h1 id="forced-title">{t('forced.title')}</h1>
        <p className="muted">{t('forced.help')}</p>
        <label>
          {t('forced.current')}
          <input
            type="password"
            name="current-password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            autoFocus
          />
        </label>
        <label>
          {t('forced.new')}
          <input
            type="password"
            name="new-password"
            autoComplete="new-password"
            minLength={10}
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="btn primary wide" type="submit" disabled={busy}>
          {t('forced.submit')}
        </button>
      </form>
    </main>
  );
}
