import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post, setCsrfToken } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import type { Me } from '../api/types';
import { t } from '../i18n';
import { goHome, linkToken } from './link-token';

interface InviteInfo {
  workspace: { id: string; name: string };
  email: string;
  role: string;
  accountExists: boolean;
}

/**
 * The page an invitation link opens. A new person sets a name and a password and is signed in to
 * the workspace; someone with an account gives their password (with two-factor on, they sign in
 * as usual afterwards).
 */
export function AcceptInvite() {
  const qc = useQueryClient();
  const [token] = useState(linkToken);
  const info = useQuery({ queryKey: ['invite', token], queryFn: () => post<InviteInfo>('/auth/invite/lookup', { token }), enabled: !!token, retry: false });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [signInNext, setSignInNext] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<({ signedIn: true } & Me) | { signedIn: false }>('/auth/invite/accept', {
        token,
        password,
        ...(info.data?.accountExists ? {} : { name }),
      });
      if (!r.signedIn) return setSignInNext(true);
      goHome();
      setCsrfToken(r.csrfToken ?? null);
      qc.setQueryData(keys.me, r);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!token || info.error)
    return (
      <main className="login">
        <div className="login-card">
          <p role="alert">{t('invite.gone')}</p>
          <button type="button" className="link-btn" onClick={goHome}>
            {t('reset.signIn')}
          </button>
        </div>
      </main>
    );
  if (!info.data) return <div className="splash">{t('app.loading')}</div>;
  const inv = info.data;
  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title', { workspace: inv.workspace.name })}</h1>
        <p className="muted">{t('invite.help', { email: inv.email, role: inv.role })}</p>
        {signInNext ? (
          <>
            <p role="status">{t('invite.signInNext')}</p>
            <button type="button" className="btn primary wide" onClick={goHome}>
              {t('reset.signIn')}
            </button>
          </>
        ) : (
          <>
            {!inv.accountExists && (
              <label>
                {t('invite.name')}
                <input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
              </label>
            )}
            <label>
              {inv.accountExists ? t('invite.existingPassword') : t('invite.password')}
              <input
                type="password"
                name="password"
                autoComplete={inv.accountExists ? 'current-password' : 'new-password'}
                minLength={inv.accountExists ? 1 : 10}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button className="btn primary wide" type="submit" disabled={busy}>
              {t('invite.submit')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
