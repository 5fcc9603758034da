import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { navigate } from 'wouter/use-browser-location';
import { useMembers, useUserSettings } from '../api/queries';
import type { Me } from '../api/types';
import { t } from '../i18n';
import { notificationKeys } from '../notifications/api';
import type { LiveStream } from './stream';

/**
 * Browser notifications for "assigned to you", "you were mentioned" and SLA breaches, when the person's
 * settings allow them and the browser has granted permission. Only our own fixed strings and a
 * person's name go into a notification; customer text never does.
 */
export function useNotifications(session: { me: Me; stream: LiveStream }) {
  const settings = useUserSettings();
  const prefs = useRef({ assignments: true, mentions: true, slaBreaches: true });
  prefs.current = settings.data?.notifications ?? { assignments: true, mentions: true, slaBreaches: true };
  const qc = useQueryClient();
  const members = useMembers();
  const names = useRef(new Map<string, string>());
  names.current = new Map((members.data ?? []).map((m) => [m.id, m.name]));

  // The bell (notifications/bell.tsx): only one's own notification events refresh it.
  useEffect(() => {
    const meId = session.me.user.id;
    return session.stream.onEvent((ev) => {
      if ((ev.type === 'notification.created' || ev.type === 'notification.read') && ev.data.userId === meId)
        void qc.invalidateQueries({ queryKey: notificationKeys.all });
    });
  }, [session.me.user.id, session.stream, qc]);

  useEffect(() => {
    const meId = session.me.user.id;
    return session.stream.onEvent((ev) => {
      if (ev.actorUserId === meId || !ev.conversationId) return;
      let title: string | null = null;
      if (ev.type === 'conversation.assigned' && ev.data.assigneeId === meId && prefs.current.assignments) title = t('notify.assigned');
      const mentioned = ev.data.mentionedUserIds;
      if (ev.type === 'note.added' && Array.isArray(mentioned) && mentioned.includes(meId) && prefs.current.mentions)
        title = t('notify.mentioned', { name: names.current.get(ev.actorUserId ?? '') ?? '' });
      const notified = ev.data.notifyUserIds;
      if (ev.type === 'sla.breached' && Array.isArray(notified) && notified.includes(meId) && prefs.current.slaBreaches) title = t('notify.slaBreached');
      if (!title) return;
      notify(title, ev.conversationId);
    });
  }, [session.me.user.id, session.stream]);
}

function notify(title: string, conversationId: string) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(title, { tag: `hearken-${conversationId}` });
  n.onclick = () => {
    window.focus();
    navigate(`/inbox/all/${conversationId}`);
    n.close();
  };
}
