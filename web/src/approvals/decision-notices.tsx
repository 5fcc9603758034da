import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { t } from '../i18n';
import { useSession } from '../session';
import './approvals.css';

interface Notice {
  id: number;
  text: string;
  conversationId: string;
}

/**
 * Tells an author, in the app, what happened to their held reply: approved, rejected (with the
 * approver's reason) or failed at its time. Read from the live stream; one's own actions are not
 * announced back.
 */
export function DecisionNotices() {
  const { me, stream } = useSession();
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let seq = 0;
    return stream.onEvent((ev) => {
      if (ev.data.authorUserId !== me.user.id || ev.actorUserId === me.user.id || !ev.conversationId) return;
      const reason = String(ev.data.reason ?? ev.data.error ?? '');
      const text =
        ev.type === 'reply.approved'
          ? t('notify.approved')
          : ev.type === 'reply.rejected'
            ? t('notify.rejected', { reason })
            : ev.type === 'reply.failed'
              ? t('notify.failed', { reason })
              : null;
      if (!text) return;
      const conversationId = ev.conversationId;
      setNotices((ns) => [...ns.slice(-3), { id: ++seq, text, conversationId }]);
    });
  }, [me.user.id, stream]);
  if (!notices.length) return null;
  const close = (id: number) => setNotices((ns) => ns.filter((n) => n.id !== id));
  return (
    <div className="decision-notices">
      {notices.map((n) => (
        <div key={n.id} className="decision-notice" role="status" data-testid="decision-notice">
          {n.text}{' '}
          <Link href={`/inbox/all/${n.conversationId}`} onClick={() => close(n.id)}>
            {t('notify.open')}
          </Link>{' '}
          <button className="btn ghost small" onClick={() => close(n.id)}>
            {t('notify.close')}
          </button>
        </div>
      ))}
    </div>
  );
}
