import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api/client';
import { errorText } from '../api/error-text';
import { t } from '../i18n';

/** "Forgot password?": asks for a reset link; the answer never says whether the address has an account. */
export function ForgotPassword({ mail, initialEmail, onBack }: { mail: boolean; initialEmail: string; onBack: () => void }) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [noMail, setNoMail] = useState(!mail);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ mail: boolean }>('/auth/password/forgot', { email });
      if (r.mail) setSent(true);
      else setNoMail(true);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t('login.rateLimited') : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t('forgot.title')}</h1>
        {noMail ? (
          <p role="status">{t('forgot.noMail')}</p>
        ) : sent ? (
          <p role="status">{t('forgot.sent')}</p>
        ) : (
          <>
            <p className="muted">{t('forgot.help')}</p>
            <label>
              {t('login.email')}
              <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button className="btn primary wide" type="submit" disabled={busy}>
              {t('forgot.submit')}
            </button>
          </>
        )}
        <button type="button" className="link-btn" onClick={onBack}>
          {t('login.back')}
        </button>
      </form>
    </main>
  );
}
