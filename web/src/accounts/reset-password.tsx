import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import { t } from '../i18n';
import { goHome, linkToken } from './link-token';

/** The page a reset link opens: a new password, then sign in with it (every session has ended). */
export function ResetPassword() {
  const qc = useQueryClient();
  const [token] = useState(linkToken);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/auth/password/reset', { token, password });
      setDone(true);
      qc.removeQueries({ queryKey: keys.me });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const leave = () => {
    goHome();
    void qc.invalidateQueries({ queryKey: keys.me });
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="reset-title">
        <h1 id="reset-title">{t('reset.title')}</h1>
        {!token ? (
          <p role="alert">{t('reset.missing')}</p>
        ) : done ? (
          <p role="status">{t('reset.done')}</p>
        ) : (
          <>
            <label>
              {t('reset.password')}
              <input
                type="password"
                name="new-password"
                autoComplete="new-password"
                minLength={10}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus
              />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button className="btn primary wide" type="submit" disabled={busy}>
              {t('reset.submit')}
            </button>
          </>
        )}
        <button type="button" className="link-btn" onClick={leave}>
          {t('reset.signIn')}
        </button>
      </form>
    </main>
  );
}
