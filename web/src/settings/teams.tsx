import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useMembers, useTeams } from '../api/queries';
import { t } from '../i18n';
import { useDialogs } from '../components/dialog';

export function Teams({ admin }: { admin: boolean }) {
  const teams = useTeams();
  const members = useMembers();
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [name, setName] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.teams });
    void qc.invalidateQueries({ queryKey: keys.members });
  };
  const run = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setMsg(errorText(e)));
  return (
    <section className="card">
      <h2>{t('settings.teams')}</h2>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      {(teams.data ?? []).map((tm) => {
        const ids = new Set((tm.members ?? []).map((m) => m.userId ?? m.id));
        return (
          <div key={tm.id} className="team">
            <h3>{tm.name}</h3>
            {admin && (
              <div className="row">
                <button
                  className="btn ghost small"
                  onClick={async () => {
                    const n = await dialogs.prompt({ title: t('settings.renameTitle', { name: tm.name }), label: t('settings.name'), initial: tm.name });
                    if (n) run(patch(`/teams/${tm.id}`, { name: n }));
                  }}
                >
                  {t('settings.rename')}
                </button>
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({
                      title: t('settings.removeTitle'),
                      body: t('settings.confirmRemove', { name: tm.name }),
                      confirmLabel: t('settings.delete'),
                      danger: true,
                    })) && run(del(`/teams/${tm.id}`))
                  }
                >
                  {t('settings.delete')}
                </button>
              </div>
            )}
            <ul className="team-members" aria-label={t('settings.teamMembers', { team: tm.name })}>
              {(members.data ?? []).map((m) => (
                <li key={m.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      disabled={!admin}
                      checked={ids.has(m.id)}
                      onChange={(e) => run(e.target.checked ? post(`/teams/${tm.id}/members`, { userId: m.id }) : del(`/teams/${tm.id}/members/${m.id}`))}
                    />{' '}
                    {m.name}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {admin && (
        <form
          className="row-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) run(post('/teams', { name: name.trim() }).then(() => setName('')));
          }}
        >
          <input aria-label={t('settings.newTeam')} placeholder={t('settings.newTeam')} value={name} onChange={(e) => setName(e.target.value)} />
          <button className="btn primary">{t('settings.add')}</button>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
