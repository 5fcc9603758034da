import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useMemberNames } from '../api/queries';
import type { Attachment, ConversationDetail, Message } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { NETWORK_NAMES, type PostContext } from '../lib/post-context';
import { inlineImageUrl, isImage, safeHttpUrl } from '../lib/safe-url';
import { clock } from '../lib/time';
import { useSession } from '../session';
import { Timeline } from './activity';
import { ModerationBar } from './moderation';
import { HeldReplies } from '../approvals/held-replies';
import { MergeMarkers, OriginTag } from './merge/merge-marker';

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
  const withPost = c.kind === 'comment' || c.kind === 'mention' || c.kind === 'review';

  return (
    <div className="thread" role="log" aria-label={t('conv.thread')} tabIndex={0}>
      {c.olderCursor && <p className="thread-note">{t('conv.olderMessages')}</p>}
      {withPost && c.publicItemId && <OriginalPost c={c} ctx={c.postContext ?? null} />}
      <MergeMarkers c={c} />
      <Timeline messages={c.messages} conversationId={c.id} render={(m) => <MessageItem m={m} c={c} />} />
      <HeldReplies c={c} />
      <div ref={end} />
    </div>
  );
}

/**
 * The post, media or tweet the comments are about, so the agent answers in context. Fetched once
 * by the server in the background: while it is pending the conversation is re-read a few times.
 */
function OriginalPost({ c, ctx }: { c: ConversationDetail; ctx: PostContext | null }) {
  const qc = useQueryClient();
  const [tries, setTries] = useState(0);
  const pending = ctx?.status === 'pending';
  useEffect(() => {
    if (!pending || tries >= 20) return;
    const id = setTimeout(() => {
      setTries((n) => n + 1);
      void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
    }, 1500);
    return () => clearTimeout(id);
  }, [pending, tries, qc, c.id]);

  const link = safeHttpUrl(ctx?.permalink);
  const image = inlineImageUrl(ctx?.mediaUrl);
  const otherMedia = !image ? safeHttpUrl(ctx?.mediaUrl) : null;
  const network = NETWORK_NAMES[c.channel.type];
  const author = [ctx?.authorName, ctx?.authorHandle && ctx.authorHandle !== `@${ctx.authorName}` ? ctx.authorHandle : null].filter(Boolean).join(' ');
  return (
    <section className="original-post" aria-label={t('conv.originalPost')} data-testid="original-post" data-status={ctx?.status ?? 'none'}>
      <header className="op-head">
        <span className="op-label">{t('conv.originalPost')}</span>
        {author && <span className="op-author">{author}</span>}
        {ctx?.postedAt && (
          <time className="op-time" dateTime={ctx.postedAt}>
            {clock(ctx.postedAt)}
          </time>
        )}
        {link && (
          <a className="op-link" href={link.href} target="_blank" rel="noopener noreferrer nofollow">
            {network ? t('conv.openOn', { network }) : t('conv.openPost', { host: link.hostname })}
          </a>
        )}
      </header>
      <div className="op-content">
        {image && <img className="op-media" src={image} alt={t('conv.postImage')} referrerPolicy="no-referrer" loading="lazy" onError={hideBroken} />}
        {ctx?.status === 'ready' && ctx.text ? (
          <p className="op-text">{ctx.text}</p>
        ) : ctx?.status === 'pending' ? (
          <p className="op-missing" role="status">
            {t('conv.postLoading')}
          </p>
        ) : ctx?.status === 'unavailable' ? (
          // One calm sentence for the agent; the technical reason stays for whoever looks closer.
          <p className="op-missing" title={ctx.error ?? undefined}>
            {t('conv.postUnavailable')}
          </p>
        ) : ctx?.status === 'ready' ? (
          <p className="op-missing">{t('conv.postNoText')}</p>
        ) : (
          <p className="op-missing">{t('conv.onItem', { item: c.publicItemId ?? '' })}</p>
        )}
        {otherMedia && (
          <a className="op-media-link" href={otherMedia.href} target="_blank" rel="noopener noreferrer nofollow">
            {t('conv.postMedia', { host: otherMedia.hostname })}
          </a>
        )}
      </div>
    </section>
  );
}

function MessageItem({ m, c }: { m: Message; c: ConversationDetail }) {
  const names = useMemberNames();
  const { me, canOn } = useSession();
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
  const cls =
    (m.direction === 'note' ? 'msg note' : m.direction === 'in' ? 'msg in' : `msg out ${m.visibility}`) + (m.originConversationId ? ' from-merged' : '');
  const label =
    m.direction === 'note' ? t('msg.note') : m.direction === 'out' ? (m.visibility === 'public' ? t('msg.publicReply') : t('msg.privateReply')) : null;
  // What the triage engine read in a customer message: its language, and its mood when not neutral.
  const lang = m.direction === 'in' && m.language && m.language !== 'und' ? m.language : null;
  const mood = m.direction === 'in' && (m.sentiment === 'negative' || m.sentiment === 'positive') ? m.sentiment : null;

  return (
    <article className={cls} data-testid="message" data-direction={m.direction} aria-label={label ? `${label}, ${author}` : author}>
      <header className="msg-head">
        <span className="msg-author">{author}</span>
        <OriginTag m={m} />
        {label && <span className={`msg-kind ${m.direction === 'note' ? 'note' : m.visibility}`}>{label}</span>}
        {lang && (
          <span className="msg-lang" title={t('conv.language', { lang })}>
            {lang}
          </span>
        )}
        {mood && <span className={`chip sentiment ${mood}`}>{t(`conv.sentiment.${mood}` as MessageKey)}</span>}
        <time className="msg-time" dateTime={m.networkTimestamp ?? m.createdAt}>
          {clock(m.networkTimestamp ?? m.createdAt)}
        </time>
        {m.editedAt && <span className="msg-edited">{t('msg.edited')}</span>}
      </header>
      {m.erased ? (
        <p className="msg-body deleted">{t('msg.erased')}</p>
      ) : m.deleted ? (
        <p className="msg-body deleted">
          {m.moderation?.action === 'delete' && m.moderation.status === 'done'
            ? t('mod.deletedByTeam', { network: c.channel.capabilities.moderation?.networkName ?? c.channel.name })
            : t('msg.deleted')}
        </p>
      ) : (
        <p className="msg-body">{m.body}</p>
      )}
      {m.attachments.length > 0 && (
        <ul className="attachments" aria-label={t('msg.attachments')}>
          {m.attachments.map((a, i) => (
            <li key={i}>
              <AttachmentPreview a={a} n={i + 1} />
            </li>
          ))}
        </ul>
      )}
      {m.direction === 'in' && m.visibility === 'public' && <ModerationBar m={m} c={c} />}
      {m.direction === 'out' && (
        <Delivery m={m} canRetry={canOn(c.teamId, m.visibility === 'public' ? 'conversations.reply_public' : 'conversations.reply_private')} />
      )}
    </article>
  );
}

/**
 * An image from a network's own media host is shown small, without referrer; anything else is a
 * link (http/https only) that names its host; a URL of another scheme is not a link at all.
 */
function AttachmentPreview({ a, n }: { a: Attachment; n: number }) {
  const name = a.name ?? a.type ?? String(n);
  const label = t('msg.attachment', { name });
  // A copy stored by Hearken (docs/media.md) is shown from our own origin; else the network's URL as before.
  if (a.stored && /^[0-9a-f]{64}$/.test(a.stored)) {
    const src = `/api/v1/media/${a.stored}`;
    const storedImage = /^image\//.test(a.contentType ?? '') && a.contentType !== 'image/svg+xml';
    return (
      <a className={storedImage ? 'att att-image' : 'att'} href={src} target="_blank" rel="noopener noreferrer" data-testid="attachment" data-stored="true">
        {storedImage && <img src={src} alt="" loading="lazy" onError={hideBroken} />}
        <span>{label}</span>
      </a>
    );
  }
  const url = safeHttpUrl(a.url);
  const image = isImage(a.type ?? a.mimeType, a.url) ? inlineImageUrl(a.url) : null;
  if (!url) return <span className="att-plain">{label}</span>;
  return (
    <a className={image ? 'att att-image' : 'att'} href={url.href} target="_blank" rel="noopener noreferrer nofollow" data-testid="attachment">
      {image && <img src={image} alt="" referrerPolicy="no-referrer" loading="lazy" onError={hideBroken} />}
      <span>{label}</span>
      <span className="att-host">{url.hostname}</span>
    </a>
  );
}

/** A picture that cannot load (expired CDN link, offline) is hidden rather than shown broken. */
const hideBroken = (e: SyntheticEvent<HTMLImageElement>) => {
  e.currentTarget.hidden = true;
};

function Delivery({ m, canRetry }: { m: Message; canRetry: boolean }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const failed = m.deliveryStatus === 'failed' || m.deliveryStatus === 'needs_human';
  return (
    <footer className={failed ? 'delivery failed' : 'delivery'} data-testid="delivery" data-status={m.deliveryStatus} role={failed ? 'alert' : undefined}>
      <span>{t(`delivery.${m.deliveryStatus}` as MessageKey)}</span>
      {failed && m.deliveryError && <span className="delivery-reason">{t('delivery.reason', { reason: m.deliveryError })}</span>}
      {failed && canRetry && (
        <button
          className="btn small"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            await post(`/messages/${m.id}/retry`).catch((e: unknown) => setError(errorText(e)));
            setBusy(false);
            void qc.invalidateQueries({ queryKey: keys.conversation(m.conversationId) });
          }}
        >
          {busy ? t('delivery.retrying') : t('msg.retry')}
        </button>
      )}
      {error && <span className="delivery-reason">{error}</span>}
    </footer>
  );
}
