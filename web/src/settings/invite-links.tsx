import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, get, post } from '../api/client';
import { errorText } from '../api/error-text';
import type { Role } from '../api/types';
import { t } from '../i18n';

interface InviteLink {
  id: string;
  email: string;
  role: Role;
  expiresAt: number;
}

const ROLES: Role[] = ['agent', 'viewer', 'admin', 'owner'];

/**
 * Invite by e-mail (Settings → Members): the address gets a link to join; without a mail server
 * the admin copies the same link and sends it themselves. Pending ones can be revoked.
 */
export function InviteLinks() {
  const qc = useQueryClient();
  const pending = useQuery({
    queryKey: ['invite-links'],
    queryFn: () => get<{ invitations: InviteLink[] }>('/members/invite-links').then((r) => r.invitations),
  });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [sent, setSent] = useState<{ email: string; link: string; mailed: boolean } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['invite-links'] });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCopied(false);
    try {
      const r = await post<{ link: string; mailed: boolean }>('/members/invite-links', { email, role });
      setSent({ email, ...r });
      setEmail('');
      refresh();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const copy = async (link: string) => {
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(true);
  };

  return (
    <section className="card" aria-labelledby="invite-links-title">
      <h2 id="invite-links-title">{t('inviteLinks.title')}</h2>
      <form className="row-form" onSubmit={submit}>
        <label>
          {t('inviteLinks.email')} <input type="email" name="invite-email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>{' '}
        <label>
          {t('inviteLinks.role')}{' '}
          <select name="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button className="btn primary" type="submit">
          {t('inviteLinks.send')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {sent && (
        <div role="status">
          {sent.mailed ? <p>{t('inviteLinks.mailed', { email: sent.email })}</p> : <p>{t('inviteLinks.notMailed')}</p>}
          <p>
            <input
              readOnly
              className="wide"
              aria-label={t('inviteLinks.copy')}
              value={sent.link}
              onFocus={(e) => e.target.select()}
              data-testid="invite-link"
            />{' '}
            <button type="button" className="btn small" onClick={() => void copy(sent.link)}>
              {copied ? t('inviteLinks.copied') : t('inviteLinks.copy')}
            </button>
          </p>
        </div>
      )}
      {!!pending.data?.length && (
        <>
          <h3>{t('inviteLinks.pending')}</h3>
          <table className="table">
            <tbody>
              {pending.data.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>
                    {t(`role.${i.role}`)} <span className="muted">{t('inviteLinks.expires', { date: new Date(i.expiresAt).toLocaleDateString() })}</span>
                  </td>
                  <td>
                    <button
                      className="btn ghost small"
                      onClick={() => void del(`/members/invite-links/${i.id}`).then(refresh, (e: unknown) => setError(errorText(e)))}
                    >
                      {t('inviteLinks.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
