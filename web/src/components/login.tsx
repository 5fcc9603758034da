import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, get, post, setCsrfToken } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import type { Me } from '../api/types';
import { ForgotPassword } from '../accounts/forgot-password';
import { t, type MessageKey } from '../i18n';

/** What the sign-in page may offer (GET /auth/options): e-mailed reset links, single sign-on. */
export interface AuthOptions {
  mail: boolean;
  sso: { name: string; url: string } | null;
}
type LoginAnswer = Me | { twoFactorRequired: true; challenge: string };

const SSO_ERRORS = ['sso_expired', 'sso_rejected', 'sso_unverified_email', 'sso_domain', 'sso_no_account'];

export function Login() {
  const qc = useQueryClient();
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => get<AuthOptions>('/auth/options'), retry: false });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [forgot, setForgot] = useState(false);
  const ssoError = new URLSearchParams(window.location.search).get('sso_error');
  const [error, setError] = useState<string | null>(ssoError && SSO_ERRORS.includes(ssoError) ? t(`login.ssoError.${ssoError}` as MessageKey) : null);
  const [busy, setBusy] = useState(false);

  const signedIn = (me: Me) => {
    setCsrfToken(me.csrfToken ?? null);
    qc.setQueryData(keys.me, me);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await post<LoginAnswer>('/auth/login', { email, password });
      if ('twoFactorRequired' in answer) setChallenge(answer.challenge);
      else signedIn(answer);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 429
          ? t('login.rateLimited')
          : err instanceof ApiError && err.status === 401
            ? t('login.failed')
            : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await post<Me>('/auth/login/2fa', { challenge, code }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && /expired/.test(err.message)) {
        setChallenge(null);
        setError(errorText(err));
      } else
        setError(
          err instanceof ApiError && err.status === 429
            ? t('login.rateLimited')
            : err instanceof ApiError && err.status === 401
              ? t('login.codeWrong')
              : errorText(err),
        );
    } finally {
      setBusy(false);
    }
  }

  if (forgot) return <ForgotPassword mail={options.data?.mail ?? false} initialEmail={email} onBack={() => setForgot(false)} />;

  const alert = error && (
    <p className="form-error" role="alert">
      {error}
    </p>
  );

  if (challenge)
    return (
      <main className="login">
        <form className="login-card" onSubmit={submitCode} aria-labelledby="code-title">
          <h1 id="code-title">{t('login.codeTitle')}</h1>
          <p className="muted">{t('login.codeHelp')}</p>
          <label>
            {t('login.code')}
            <input name="code" autoComplete="one-time-code" inputMode="text" required value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          </label>
          {alert}
          <button className="btn primary wide" type="submit" disabled={busy}>
            {t('login.codeSubmit')}
          </button>
          <button type="button" className="link-btn" onClick={() => setChallenge(null)}>
            {t('login.back')}
          </button>
        </form>
      </main>
    );

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand-mark" aria-hidden="true">
          H
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <label>
          {t('login.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {alert}
        <button className="btn primary wide" type="submit" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <button type="button" className="link-btn" onClick={() => setForgot(true)}>
          {t('login.forgot')}
        </button>
        {options.data?.sso && (
          <>
            <p className="muted">{t('login.or')}</p>
            <a className="btn wide" href={options.data.sso.url}>
              {t('login.sso', { name: options.data.sso.name })}
            </a>
          </>
        )}
      </form>
    </main>
  );
}
