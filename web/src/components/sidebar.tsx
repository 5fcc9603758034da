import { useQueryClient } from '@tanstack/react-query';
import { ApprovalsLink } from '../approvals/approvals-page';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { del, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useChannels, useCounts, useMyInvitations, useTeams, useViews } from '../api/queries';
import type { Me } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { isFolder, KINDS, NEEDS_REPLY, viewCount } from '../lib/views';
import { useSession, useStreamStatus } from '../session';
import { useDialogs } from './dialog';
import { EditViewButton, useViewCounts } from './view-dialogs';
import { AvailabilityControl } from '../board/availability';
import { NotificationBell } from '../notifications/bell';

/** Views with their open counts, the workspace switcher, and the way to settings. */
export function Sidebar({
  view,
  filters,
  onHelp,
  open,
  onClose,
}: {
  view: string;
  filters: Record<string, string>;
  onHelp: () => void;
  open: boolean;
  onClose: () => void;
}) {
  const { me, can } = useSession();
  const counts = useCounts();
  const teams = useTeams();
  const channels = useChannels();
  const views = useViews();
  const viewCounts = useViewCounts();
  const qc = useQueryClient();
  const status = useStreamStatus();
  const [, navigate] = useLocation();
  const dialogs = useDialogs();

  const item = (id: string, label: string) => {
    const n = viewCount(id, counts.data);
    return (
      <li key={id}>
        <Link href={`/inbox/${id}`} className={view === id ? 'nav-item active' : 'nav-item'} aria-current={view === id ? 'page' : undefined} onClick={onClose}>
          <span className="nav-label">{label}</span>
          {n !== undefined && n > 0 && (
            <span className="nav-count" aria-label={isFolder(id) ? t('nav.inFolder', { n }) : t('nav.count', { n })}>
              {n}
            </span>
          )}
        </Link>
      </li>
    );
  };

  async function saveView() {
    const name = await dialogs.prompt({ title: t('nav.saveView'), label: t('nav.saveViewName'), maxLength: 100 });
    if (!name) return;
    try {
      await post('/views', { name, filters, shared: false });
    } catch (e) {
      await dialogs.notice({ title: t('nav.saveView'), body: errorText(e) });
    }
    void qc.invalidateQueries({ queryKey: keys.views });
  }

  async function deleteView(id: string) {
    await del(`/views/${id}`);
    void qc.invalidateQueries({ queryKey: keys.views });
    if (view === `saved-${id}`) navigate('/inbox/all');
  }

  return (
    <nav className={open ? 'sidebar open' : 'sidebar'} aria-label={t('nav.inbox')}>
      <div className="sidebar-top">
        <WorkspaceSwitcher me={me} />
        <NotificationBell onNavigate={onClose} />
      </div>
      <AvailabilityControl />
      <MyInvitations />
      <ul className="nav-group">
        {item('mine', t('nav.mine'))}
        {item('unassigned', t('nav.unassigned'))}
        {item('all', t('nav.all'))}
        {item(NEEDS_REPLY, t('nav.needsReply'))}
      </ul>
      <h2 className="nav-heading">{t('nav.folders')}</h2>
      <ul className="nav-group">
        {item('spam', t('nav.spam'))}
        {item('removed', t('nav.removed'))}
      </ul>
      {views.data !== null && (
        <>
          <h2 className="nav-heading">{t('nav.saved')}</h2>
          <ul className="nav-group">
            {(views.data ?? []).map((v) => (
              <li key={v.id} className="nav-row">
                <Link href={`/inbox/saved-${v.id}`} className={view === `saved-${v.id}` ? 'nav-item active' : 'nav-item'} onClick={onClose}>
                  <span className="nav-label">{v.name}</span>
                  <SavedViewCount n={viewCounts.data?.[v.id]} />
                </Link>
                <EditViewButton view={v} current={filters} active={view === `saved-${v.id}`} />
                <button className="icon-btn subtle" aria-label={t('nav.deleteView', { name: v.name })} onClick={() => void deleteView(v.id)}>
                  ×
                </button>
              </li>
            ))}
            <li>
              <button className="nav-item add" onClick={() => void saveView()}>
                + {t('nav.saveView')}
              </button>
            </li>
          </ul>
        </>
      )}
      {!!teams.data?.length && (
        <>
          <h2 className="nav-heading">{t('nav.teams')}</h2>
          <ul className="nav-group">{teams.data.map((tm) => item(`team-${tm.id}`, tm.name))}</ul>
        </>
      )}
      <h2 className="nav-heading">{t('nav.kinds')}</h2>
      <ul className="nav-group">{KINDS.map((k) => item(`kind-${k}`, t(`kind.${k}` as MessageKey)))}</ul>
      {!!channels.data?.channels.length && (
        <>
          <h2 className="nav-heading">{t('nav.channels')}</h2>
          <ul className="nav-group">{channels.data.channels.map((c) => item(`channel-${c.id}`, c.name))}</ul>
        </>
      )}
      <div className="sidebar-foot">
        <span className={`live-dot ${status}`} role="status">
          {status === 'live' ? t('nav.live') : t('nav.reconnecting')}
        </span>
        <button className="link-btn" onClick={onHelp}>
          {t('nav.shortcuts')} <kbd>?</kbd>
        </button>
        {can('replies.approve') && <ApprovalsLink onClose={onClose} />}
        {can('reports.view') && (
          <Link href="/reports" className="link-btn">
            {t('nav.reports')}
          </Link>
        )}
        <Link href="/board" className="link-btn">
          {t('nav.board')}
        </Link>
        <Link href="/contacts" className="link-btn">
          {t('nav.contacts')}
        </Link>
        <Link href="/listening" className="link-btn">
          {t('nav.listening')}
        </Link>
        <Link href="/settings" className="link-btn">
          {t('nav.settings')}
        </Link>
        <SignOut />
      </div>
    </nav>
  );
}

function WorkspaceSwitcher({ me }: { me: Me }) {
  const qc = useQueryClient();
  if (me.workspaces.length < 2)
    return (
      <div className="workspace">
        <span className="brand-mark small" aria-hidden="true">
          H
        </span>
        <span className="workspace-name">{me.workspace.name}</span>
      </div>
    );
  return (
    <div className="workspace">
      <span className="brand-mark small" aria-hidden="true">
        H
      </span>
      <label className="sr-only" htmlFor="ws-switch">
        {t('nav.workspace')}
      </label>
      <select
        id="ws-switch"
        className="workspace-select"
        value={me.workspace.id}
        onChange={async (e) => {
          await post('/auth/switch', { workspaceId: e.target.value });
          qc.clear();
          window.location.assign('/inbox/all');
        }}
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Invitations from other workspaces, answered here; a joined workspace then shows in the switcher. */
function MyInvitations() {
  const qc = useQueryClient();
  const invitations = useMyInvitations();
  const [msg, setMsg] = useState<string | null>(null);
  const answer = async (id: string, verb: 'accept' | 'decline', workspace: string) => {
    try {
      await post(`/me/invitations/${id}/${verb}`);
      setMsg(verb === 'accept' ? t('nav.joined', { workspace }) : null);
      void qc.invalidateQueries({ queryKey: keys.me });
    } catch (e) {
      setMsg(errorText(e));
    }
    void qc.invalidateQueries({ queryKey: keys.myInvitations });
  };
  if (!invitations.data?.length && !msg) return null;
  return (
    <section className="invitations" aria-label={t('nav.invitations')}>
      {!!invitations.data?.length && <h2 className="nav-heading">{t('nav.invitations')}</h2>}
      {(invitations.data ?? []).map((i) => (
        <div key={i.id} className="invitation">
          <p>{t('nav.invitation', { workspace: i.workspace.name, role: t(`role.${i.role}`), by: i.invitedBy.name })}</p>
          <button className="btn primary small" onClick={() => void answer(i.id, 'accept', i.workspace.name)}>
            {t('nav.join')}
          </button>{' '}
          <button className="btn ghost small" onClick={() => void answer(i.id, 'decline', i.workspace.name)}>
            {t('nav.decline')}
          </button>
        </div>
      ))}
      {msg && (
        <p role="status" className="muted">
          {msg}
        </p>
      )}
    </section>
  );
}

function SignOut() {
  return (
    <button
      className="link-btn"
      onClick={async () => {
        await post('/auth/logout').catch(() => undefined);
        window.location.assign('/login');
      }}
    >
      {t('nav.signOut')}
    </button>
  );
}

function SavedViewCount({ n }: { n: number | null | undefined }) {
  if (!n) return null;
  return (
    <span className="nav-count" aria-label={t('nav.count', { n })}>
      {n}
    </span>
  );
}
