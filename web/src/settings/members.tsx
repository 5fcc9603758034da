import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useInvitations, useMembers, useRoles } from '../api/queries';
import type { Role } from '../api/types';
import { t } from '../i18n';
import { useDialogs } from '../components/dialog';

const ROLES: Role[] = ['viewer', 'agent', 'admin', 'owner'];

/** A role as a select's value: a built-in name, or "custom:<id>" for one of the workspace's own. */
export const roleValue = (r: { role: string; roleId?: string | null }) => (r.role === 'custom' && r.roleId ? `custom:${r.roleId}` : r.role);
export const roleBody = (value: string) => (value.startsWith('custom:') ? { roleId: value.slice(7) } : { role: value });

export function Members({ admin }: { admin: boolean }) {
  const members = useMembers();
  const invitations = useInvitations(admin);
  const custom = useRoles().data?.roles ?? [];
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as Role });
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.members });
    void qc.invalidateQueries({ queryKey: keys.invitations });
  };
  const run = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setMsg(errorText(e)));
  return (
    <section className="card">
      <h2>{t('settings.members')}</h2>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>{t('settings.name')}</th>
            <th>{t('settings.email')}</th>
            <th>{t('settings.role')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(members.data ?? []).map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>
                <select
                  aria-label={`${t('settings.role')}: ${m.name}`}
                  disabled={!admin}
                  value={roleValue(m)}
                  onChange={(e) => run(patch(`/members/${m.id}`, roleBody(e.target.value)))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                  {custom.map((r) => (
                    <option key={r.id} value={`custom:${r.id}`}>
                      {t('roles.custom.option', { name: r.name })}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {admin && (
                  <button
                    className="btn ghost small"
                    onClick={async () =>
                      (await dialogs.confirm({
                        title: t('settings.removeTitle'),
                        body: t('settings.confirmRemove', { name: m.name }),
                        confirmLabel: t('settings.remove'),
                        danger: true,
                      })) && run(del(`/members/${m.id}`))
                    }
                  >
                    {t('settings.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {admin && !!invitations.data?.length && (
        <>
          <h3>{t('settings.invitations')}</h3>
          <table className="table">
            <tbody>
              {invitations.data.map((i) => (
                <tr key={i.id}>
                  <td>{i.user.name}</td>
                  <td>{i.user.email}</td>
                  <td>
                    {t(`role.${i.role}`)} <span className="muted">{t('settings.invitationExpires', { date: new Date(i.expiresAt).toLocaleDateString() })}</span>
                  </td>
                  <td>
                    <button className="btn ghost small" onClick={() => run(del(`/members/invitations/${i.id}`))}>
                      {t('settings.withdraw')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {admin && (
        <form
          className="row-form"
          onSubmit={async (e) => {
            e.preventDefault();
            setMsg(null);
            try {
              // A new email gets an account here; an existing account gets an invitation to accept.
              const r = await post<{ generatedPassword?: string; invited?: boolean }>('/members', form);
              if (r.invited) setMsg(t('settings.invited', { email: form.email }));
              else if (r.generatedPassword) setMsg(t('settings.generatedPassword', { email: form.email, password: r.generatedPassword }));
              setForm({ email: '', name: '', role: 'agent' });
              refresh();
            } catch (err) {
              setMsg(errorText(err));
            }
          }}
        >
          <h3>{t('settings.addMember')}</h3>
          <input
            required
            aria-label={t('settings.name')}
            placeholder={t('settings.name')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <input
            required
            type="email"
            aria-label={t('settings.email')}
            placeholder={t('settings.email')}
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <select aria-label={t('settings.role')} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <button className="btn primary">{t('settings.add')}</button>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
