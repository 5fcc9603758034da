import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useMembers, useRoles, useTeams } from '../api/queries';
import { roleBody, roleValue } from './members';
import type { CustomRole, Team } from '../api/types';
import { t } from '../i18n';
import { useDialogs } from '../components/dialog';
import { TeamRoutingForm } from './team-routing';

export function Teams({ admin }: { admin: boolean }) {
  const teams = useTeams();
  const members = useMembers();
  const custom = useRoles().data?.roles ?? [];
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
                  {ids.has(m.id) && (
                    <TeamRoleSelect
                      team={tm.name}
                      member={m.name}
                      value={teamRoleValue(tm.roles, m.id)}
                      custom={custom}
                      disabled={!admin}
                      onChange={(v) => run(patch(`/teams/${tm.id}/members/${m.id}`, v ? roleBody(v) : { role: null }))}
                    />
                  )}
                </li>
              ))}
            </ul>
            <TeamRoutingForm
              teamId={tm.id}
              team={tm.name}
              members={(members.data ?? []).filter((m) => ids.has(m.id)).map((m) => ({ id: m.id, name: m.name }))}
              admin={admin}
            />
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

const teamRoleValue = (roles: Team['roles'], userId: string) => {
  const r = roles?.find((x) => x.userId === userId);
  return r ? roleValue(r) : '';
};

/** A member's role inside the team: it adds its conversation permissions on the team's conversations. */
function TeamRoleSelect(p: { team: string; member: string; value: string; custom: CustomRole[]; disabled: boolean; onChange: (v: string) => void }) {
  return (
    <select
      className="team-role"
      aria-label={`${t('roles.teamRole', { team: p.team })}: ${p.member}`}
      disabled={p.disabled}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
    >
      <option value="">{t('roles.noTeamRole')}</option>
      {(['viewer', 'agent', 'admin'] as const).map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
      {p.custom.map((r) => (
        <option key={r.id} value={`custom:${r.id}`}>
          {t('roles.custom.option', { name: r.name })}
        </option>
      ))}
    </select>
  );
}
