import { Link } from 'wouter';
import { t } from '../i18n';
import { dateTime } from '../lib/time';
import { useSession } from '../session';
import { useApprovals } from './api';
import { ApprovalActions } from './approval-actions';
import './approvals.css';

/** The approvers' list: every proposed reply, oldest first, each with accept / edit then accept / reject. */
export default function ApprovalsPage() {
  const { can } = useSession();
  const allowed = can('replies.approve');
  const list = useApprovals(allowed);
  return (
    <main className="approvals-page" aria-labelledby="approvals-title">
      <Link href="/inbox/all" className="link-btn">
        ← {t('approvals.back')}
      </Link>
      <h1 id="approvals-title">
        {t('approvals.title')}{' '}
        {list.data && (
          <span className="approvals-count" data-testid="approvals-count">
            {t('approvals.count', { n: list.data.count })}
          </span>
        )}
      </h1>
      <p>{t('approvals.intro')}</p>
      {!allowed && <p role="note">{t('approvals.error', { message: t('perm.replies.approve') })}</p>}
      {list.data?.approvals.length === 0 && <p data-testid="approvals-empty">{t('approvals.empty')}</p>}
      {list.data?.approvals.map((a) => (
        <article key={a.id} className="approval-card" data-testid="approval" aria-label={t('approvals.by', { name: a.authorName ?? '' })}>
          <header className="msg-head">
            <span className="msg-author">{t('approvals.by', { name: a.authorName ?? t('held.someone') })}</span>
            <span className="held-chip proposed">{a.reason}</span>
            <time className="msg-time" dateTime={a.createdAt}>
              {dateTime(a.createdAt)}
            </time>
          </header>
          <p className="held-note">
            {t('approvals.on', {
              channel: a.conversation.channel.name,
              visibility: t((a.visibility ?? a.conversation.visibility) === 'public' ? 'approvals.public' : 'approvals.private'),
              contact: a.conversation.contactName ?? '',
            })}
            {a.sendAt ? ` · ${t('held.proposedFor', { time: dateTime(a.sendAt) })}` : ''}
          </p>
          <p className="msg-body">{a.text}</p>
          <Link href={`/inbox/all/${a.conversation.id}`}>{t('approvals.open')}</Link>
          <ApprovalActions h={a} />
        </article>
      ))}
    </main>
  );
}

/** The sidebar's way in, for approvers, with how many wait. */
export function ApprovalsLink({ onClose }: { onClose?: () => void }) {
  const list = useApprovals(true);
  const n = list.data?.count ?? 0;
  return (
    <Link href="/approvals" className="link-btn" onClick={onClose} data-testid="approvals-link">
      {t('nav.approvals')} {n > 0 && <span className="approvals-count">{t('nav.approvalsCount', { n })}</span>}
    </Link>
  );
}
