import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { post } from '../api/client';
import { keys, useMemberNames } from '../api/queries';
import type { ConversationDetail, Message } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { clock } from '../lib/time';
import { useSession } from '../session';

/**
 * The thread, oldest first. Every body is rendered as a React text node — never as HTML — because
 * message content is written by strangers. Public replies, private replies and internal notes
 * each look different, so nobody mistakes one for another.
 */
export function Thread({ c }: { c: ConversationDetail }) {
  const end = useRef<HTMLDivElement>(null);
  const count = c.messages.length;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  const publicItem = (c.kind === 'comment' || c.kind === 'mention' || c.kind === 'review') && c.publicItemId;

  return (
    <div className="thread" role="log" aria-label={t('queue.title')} aria-live="polite" tabIndex={0}>
      {c.olderCursor && <p className="thread-note">{t('conv.olderMessages')}</p>}
      {publicItem && (
        <div className="original-post" aria-label={t('conv.originalPost')}>
          <span className="op-label">{t('conv.originalPost')}</span>
          <span className="op-id">{t('conv.onItem', { item: c.publicItemId ?? '' })}</span>
        </div>
      )}
      {c.messages.map((m) => (
        <MessageItem key={m.id} m={m} c={c} />
      ))}
      <div ref={end} />
    </div>
  );
}

function MessageItem({ m, c }: { m: Message; c: ConversationDetail }) {
  const names = useMemberNames();
  const { me, can } = useSession();
  if (m.direction === 'activity')
    return (
      <p className="activity">
        {m.body} · {clock(m.createdAt)}
      </p>
    );
  const author =
    m.direction === 'in'
      ? (c.contact.name ?? t('msg.customer'))
      : m.authorKind === 'human'
        ? m.authorUserId === me.user.id
          ? t('msg.you')
          : (names.get(m.authorUserId ?? '')?.name ?? t('msg.you'))
        : t(`msg.${m.authorKind === 'customer' ? 'customer' : m.authorKind}` as MessageKey);
  const cls = m.direction === 'note' ? 'msg note' : m.direction === 'in' ? 'msg in' : `msg out ${m.visibility}`;
  const label = m.direction === 'note' ? t('msg.note') : m.direction === 'out' ? (m.visibility === 'public' ? t('msg.publicReply') : t('msg.privateReply')) : null;

  return (
    <article className={cls} data-testid="message" data-direction={m.direction}>
      <header className="msg-head">
        <span className="msg-author">{author}</span>
        {label && <span className={`msg-kind ${m.direction === 'note' ? 'note' : m.visibility}`}>{label}</span>}
        <time className="msg-time" dateTime={m.createdAt}>
          {clock(m.networkTimestamp ?? m.createdAt)}
        </time>
        {m.editedAt && <span className="msg-edited">{t('msg.edited')}</span>}
      </header>
      {m.deleted ? <p className="msg-body deleted">{t('msg.deleted')}</p> : <p className="msg-body">{m.body}</p>}
      {m.attachments.length > 0 && (
        <ul className="attachments">
          {m.attachments.map((a, i) => (
            <li key={i}>
              <SafeLink url={a.url} label={t('msg.attachment', { name: a.name ?? a.type ?? String(i + 1) })} />
            </li>
          ))}
        </ul>
      )}
      {m.direction === 'out' && <Delivery m={m} canRetry={can('agent')} />}
    </article>
  );
}

/** Only http(s) links, opened without referrer; never an inline image from an unknown host. */
function SafeLink({ url, label }: { url?: string; label: string }) {
  let safe: string | null = null;
  try {
    const u = new URL(url ?? '');
    if (u.protocol === 'https:' || u.protocol === 'http:') safe = u.href;
  } catch {
    safe = null;
  }
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function Delivery({ m, canRetry }: { m: Message; canRetry: boolean }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const failed = m.deliveryStatus === 'failed' || m.deliveryStatus === 'needs_human';
  return (
    <footer className={failed ? 'delivery failed' : 'delivery'} data-testid="delivery" data-status={m.deliveryStatus}>
      <span>{t(`delivery.${m.deliveryStatus}` as MessageKey)}</span>
      {failed && m.deliveryError && <span className="delivery-reason">{t('delivery.reason', { reason: m.deliveryError })}</span>}
      {failed && canRetry && (
        <button
          className="btn small"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await post(`/messages/${m.id}/retry`).catch((e: Error) => window.alert(e.message));
            setBusy(false);
            void qc.invalidateQueries({ queryKey: keys.conversation(m.conversationId) });
          }}
        >
          {t('msg.retry')}
        </button>
      )}
    </footer>
  );
}
