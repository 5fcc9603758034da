import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, post } from '../api/client';
import { errorText } from '../api/error-text';
import { t } from '../i18n';

interface SessionItem {
  id: string;
  workspace: { id: string; name: string };
  userAgent: string | null;
  ip: string | null;
  createdAt: number;
  lastSeenAt: number | null;
  current: boolean;
}

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());

/** Your signed-in browsers, with "Sign out" for each and "Sign out everywhere else". */
export function SessionsPanel() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['sessions'], queryFn: () => get<{ sessions: SessionItem[] }>('/auth/sessions').then((r) => r.sessions) });
  const [msg, setMsg] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setMsg(null);
    try {
      await fn();
    } catch (err) {
      setMsg(errorText(err));
    }
    void qc.invalidateQueries({ queryKey: ['sessions'] });
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessions.title')}</h2>
      {list.error && <p role="alert">{errorText(list.error)}</p>}
      {list.data && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('sessions.device')}</th>
              <th>{t('sessions.ip')}</th>
              <th>{t('sessions.created')}</th>
              <th>{t('sessions.lastSeen')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.userAgent ?? '—'} <span className="muted">({s.workspace.name})</span>
                </td>
                <td>{s.ip ?? '—'}</td>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td>
                  {s.current ? (
                    <strong>{t('sessions.current')}</strong>
                  ) : (
                    <button className="btn ghost small" onClick={() => void run(() => del(`/auth/sessions/${s.id}`))}>
                      {t('sessions.signOut')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        className="btn"
        onClick={() =>
          void run(async () => {
            const r = await post<{ ended: number }>('/auth/sessions/sign-out-others');
            setMsg(t('sessions.ended', { count: r.ended }));
          })
        }
      >
        {t('sessions.signOutOthers')}
      </button>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
