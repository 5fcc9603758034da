import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { useMembers } from '../api/queries';
import { t, type MessageKey } from '../i18n';
import { ago, dateTime } from '../lib/time';
import { type AppNotification, notificationKeys, useNotificationList } from './api';
import './notifications.css';

/**
 * The bell at the top of the sidebar: the unread count, and a panel with the newest
 * notifications. Opening one marks it read and opens its conversation. The list follows the live
 * stream (realtime/notifications.ts invalidates it on the member's own notification events).
 */
export function NotificationBell({ onNavigate }: { onNavigate?: () => void }) {
  const list = useNotificationList();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const [, navigate] = useLocation();
  const names = useNames();
  const n = list.data?.unreadCount ?? 0;

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close(true);
      }
    };
    const onDown = (e: PointerEvent) => {
      const el = e.target as Node;
      if (!panel.current?.contains(el) && !button.current?.contains(el)) close(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setErr(null);
    try {
      const r = await post<{ unreadCount: number }>('/notifications/read', body);
      // The count drops at once; the list is read again for the read flags.
      qc.setQueryData(notificationKeys.list, (old: typeof list.data) => (old ? { ...old, unreadCount: r.unreadCount } : old));
    } catch (e) {
      setErr(errorText(e));
    }
    void qc.invalidateQueries({ queryKey: notificationKeys.all });
  };
  const openOne = async (item: AppNotification) => {
    if (!item.read) await markRead({ ids: [item.id] });
    close(false);
    if (item.conversationId) {
      navigate(`/inbox/all/${item.conversationId}`);
      onNavigate?.();
    }
  };

  return (
    <div className="notif-bell">
      <button
        ref={button}
        type="button"
        className="icon-btn notif-button"
        aria-label={n > 0 ? t('notifications.openUnread', { n }) : t('notifications.open')}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        data-testid="notifications-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {n > 0 && (
          <span className="notif-badge" aria-hidden="true" data-testid="notifications-count">
            {n > 99 ? '99+' : n}
          </span>
        )}
      </button>
      {open && (
        <div ref={panel} id={panelId} className="notif-panel" role="dialog" aria-labelledby={titleId} tabIndex={-1}>
          <header className="notif-head">
            <h2 id={titleId}>{t('notifications.title')}</h2>
            <button type="button" className="link-btn" disabled={n === 0} onClick={() => void markRead({ all: true })}>
              {t('notifications.markAll')}
            </button>
            <button type="button" className="icon-btn subtle" aria-label={t('notifications.close')} onClick={() => close(true)}>
              ×
            </button>
          </header>
          {list.isError && <p className="muted">{t('notifications.failed', { message: errorText(list.error) })}</p>}
          {err && (
            <p role="alert" className="muted">
              {err}
            </p>
          )}
          {list.data?.notifications.length === 0 && <p className="muted notif-empty">{t('notifications.empty')}</p>}
          <ul className="notif-list">
            {list.data?.notifications.map((item) => (
              <li key={item.id}>
                <button type="button" className={item.read ? 'notif-item' : 'notif-item unread'} data-testid="notification" onClick={() => void openOne(item)}>
                  <span className={`notif-kind ${item.kind}`}>{t(`notifications.kind.${item.kind}` as MessageKey)}</span>
                  <span className="notif-text">{sentence(item, names)}</span>
                  <time className="notif-time" dateTime={item.createdAt} title={dateTime(item.createdAt)}>
                    {t('notifications.ago', { time: ago(item.createdAt) })}
                  </time>
                  {!item.read && (
                    <span className="notif-dot">
                      <span className="sr-only">{t('notifications.unread')}</span>
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function useNames(): (id: string | null | undefined) => string {
  const members = useMembers();
  const byId = new Map((members.data ?? []).map((m) => [m.id, m.name]));
  return (id) => (id ? (byId.get(id) ?? t('notifications.someone')) : t('notifications.someone'));
}

/** A notification's sentence in the reader's language: a rule's own text, else built from params. */
function sentence(n: AppNotification, name: (id: string | null | undefined) => string): string {
  switch (n.kind) {
    case 'rule':
      return `${n.text} · ${n.ruleName ? t('notifications.fromRule', { rule: n.ruleName }) : t('notifications.deletedRule')}`;
    case 'assigned':
      return n.params.byUserId ? t('notifications.assignedBy', { name: name(n.params.byUserId) }) : t('notifications.assigned');
    case 'mentioned':
      return t('notifications.mentioned', { name: name(n.params.byUserId) });
    case 'sla_breached':
      return t('notifications.slaBreached', { target: t(`sla.${n.params.target ?? 'first_response'}` as MessageKey), policy: n.params.policyName ?? '' });
    case 'approval_waiting':
      return t('notifications.approvalWaiting', { name: name(n.params.authorUserId) });
  }
}

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
