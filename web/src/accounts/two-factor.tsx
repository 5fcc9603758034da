import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { get, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import { t } from '../i18n';

interface Status {
  enabled: boolean;
  enabledAt: number | null;
  recoveryCodesLeft: number;
}
interface Setup {
  secret: string;
  qrCode: string;
}

/**
 * Two-factor enrolment and removal (Settings → Account, and the page a workspace that requires it
 * shows first): QR code and key, a confirming code, then the ten recovery codes, shown once.
 */
export function TwoFactorPanel({ onEnabled }: { onEnabled?: () => void }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['two-factor'], queryFn: () => get<Status>('/auth/2fa') });
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [disabling, setDisabling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const start = () => run(async () => setSetup(await post<Setup>('/auth/2fa/setup')));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await post<{ recoveryCodes: string[] }>('/auth/2fa/enable', { code });
      setCodes(r.recoveryCodes);
      setSetup(null);
      setCode('');
      await qc.invalidateQueries({ queryKey: ['two-factor'] });
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/auth/2fa/disable', { password, code });
      setDisabling(false);
      setPassword('');
      setCode('');
      await qc.invalidateQueries({ queryKey: ['two-factor'] });
    });
  };
  const done = () => {
    setCodes(null);
    onEnabled?.();
    void qc.invalidateQueries({ queryKey: keys.me });
  };

  const alert = error && (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
  if (codes)
    return (
      <section className="card" aria-labelledby="codes-title">
        <h2 id="codes-title">{t('twofa.codesTitle')}</h2>
        <p className="muted">{t('twofa.codesHelp')}</p>
        <ul className="recovery-codes" aria-label={t('twofa.codesTitle')}>
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button className="btn primary" onClick={done}>
          {t('twofa.codesDone')}
        </button>
      </section>
    );
  if (!status.data) return status.error ? <p role="alert">{errorText(status.error)}</p> : null;
  const s = status.data;
  return (
    <section className="card" aria-labelledby="twofa-title">
      <h2 id="twofa-title">{t('twofa.title')}</h2>
      {s.enabled ? (
        <>
          <p>{t('twofa.on', { date: new Date(s.enabledAt!).toLocaleDateString(), left: s.recoveryCodesLeft })}</p>
          {disabling ? (
            <form onSubmit={disable}>
              <p className="muted">{t('twofa.disableHelp')}</p>
              <label>
                {t('twofa.password')}{' '}
                <input
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>{' '}
              <label>
                {t('login.code')} <input name="code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
              </label>{' '}
              <button className="btn danger" type="submit">
                {t('twofa.disable')}
              </button>
            </form>
          ) : (
            <button className="btn" onClick={() => setDisabling(true)}>
              {t('twofa.disable')}
            </button>
          )}
        </>
      ) : setup ? (
        <form onSubmit={confirm}>
          <p className="muted">{t('twofa.scan')}</p>
          <img src={setup.qrCode} alt={t('twofa.qrAlt')} width={180} height={180} />
          <p>
            {t('twofa.secret')}: <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <label>
            {t('twofa.code')}{' '}
            <input name="code" autoComplete="one-time-code" inputMode="numeric" required value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          </label>{' '}
          <button className="btn primary" type="submit">
            {t('twofa.confirm')}
          </button>
        </form>
      ) : (
        <>
          <p className="muted">{t('twofa.off')}</p>
          <button className="btn primary" onClick={() => void start()}>
            {t('twofa.start')}
          </button>
        </>
      )}
      {alert}
    </section>
  );
}

/** Shown instead of the app while the workspace requires two-factor and this account has none. */
export function TwoFactorRequired() {
  return (
    <main className="login">
      <div className="login-card wide-card">
        <p role="alert">{t('twofa.required')}</p>
        <TwoFactorPanel />
      </div>
    </main>
  );
}
