import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useImperativeHandle, useRef, useState, type RefObject } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, post, patch } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useConversation, useMembers, useTeams } from '../api/queries';
import { PRIORITIES, type ConversationDetail } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { clock } from '../lib/time';
import { usePresence } from '../realtime/presence';
import { useSession } from '../session';
import { replyPermissions } from '../lib/permissions';
import { Avatar, VisibilityBadge } from './bits';
import { SignalBadges } from './signal-badges';
import { MacroMenu } from './macro-menu';
import { CareStrip } from './care-strip';
import { Composer, type ComposerHandle } from './composer';
import { ContactPanel } from './contact-panel';
import { Thread } from './thread';
import { OutOfQueueNotice, SpamButton, type SpamToggle, useSpamToggle } from './spam-controls';
import { TagChip } from './tag-chip';
import { TagOptions } from './tag-options';
import { MergeDialog } from './merge/merge-dialog';

/** The composer shows when the member may reply or leave a note here; otherwise the thread is read-only. */
const writable = (m: ReturnType<typeof replyPermissions>) => m.note || !m.reason;

interface Handle {
  focus: (mode: 'reply' | 'note') => void;
  assign: () => void;
  /** The `!` shortcut: mark spam, or not spam. */
  spam: () => void;
}

/** One conversation: who and where, what can be done to it, the thread, the composer, the contact. */
export function ConversationView({
  id,
  onBack,
  onResolve,
  onMoveOn,
  handle,
}: {
  id?: string;
  onBack: () => void;
  onResolve: (id: string) => Promise<void>;
  /** After this conversation was resolved some other way ("Send and resolve"): on to the next, like `e`. */
  onMoveOn: (id: string) => void;
  handle: RefObject<Handle | null>;
}) {
  const conv = useConversation(id);
  const qc = useQueryClient();
  const { canOn, me, stream } = useSession();
  const presence = usePresence(id, stream);
  const composer = useRef<ComposerHandle>(null);
  const assignRef = useRef<HTMLSelectElement>(null);
  // When the agent opened this conversation: the reply says "only if nobody replied since".
  const [openedAt] = useState(() => new Date().toISOString());
  // Narrow screens hide the contact panel; this brings it back as a drawer (focus moves in, Esc closes it).
  const [showContact, setShowContact] = useState(false);
  useEffect(() => {
    if (!showContact) return;
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.contact-close')?.focus());
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopImmediatePropagation();
      setShowContact(false);
      document.querySelector<HTMLElement>('.contact-btn')?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [showContact]);

  const spam = useSpamToggle(conv.data, onMoveOn);
  const toggleSpam = useRef(spam.toggle);
  toggleSpam.current = spam.toggle;
  useImperativeHandle(
    handle,
    () => ({ focus: (m) => composer.current?.focus(m), assign: () => assignRef.current?.focus(), spam: () => void toggleSpam.current() }),
    [],
  );

  const unread = conv.data?.unread ?? 0;
  useEffect(() => {
    if (id && unread > 0)
      void post(`/conversations/${id}/read`)
        .then(() => {
          void qc.invalidateQueries({ queryKey: keys.queues });
        })
        .catch(() => undefined);
  }, [id, unread, qc]);

  // A conversation merged into another (a tombstone, README "Merging conversations"): open that one.
  const [location, navigate] = useLocation();
  const mergedInto = conv.data?.mergedInto?.id;
  useEffect(() => {
    if (id && mergedInto && location.includes(id)) navigate(location.replace(id, mergedInto) + window.location.search, { replace: true });
  }, [id, mergedInto, location, navigate]);

  if (!id)
    return (
      <section className="conversation empty" id="conversation" aria-label={t('conv.none')}>
        <p>{t('conv.none')}</p>
      </section>
    );
  if (conv.isPending) return <section className="conversation loading" id="conversation" aria-busy="true" />;
  if (conv.error || !conv.data) {
    // A wrong or foreign id: the API says 404 (it does not tell "not yours" from "not there").
    const missing = conv.error instanceof ApiError && (conv.error.status === 404 || conv.error.status === 403 || conv.error.status === 400);
    return (
      <section className="conversation empty" id="conversation" data-testid="conversation-missing">
        <p role="alert">{missing ? t('conv.notFound') : errorText(conv.error)}</p>
        <p>
          <button className="btn ghost" onClick={onBack}>
            {t('conv.backToQueue')}
          </button>{' '}
          {!missing && (
            <button className="btn ghost" onClick={() => void conv.refetch()}>
              {t('app.retry')}
            </button>
          )}
        </p>
      </section>
    );
  }
  const c = conv.data;
  if (c.mergedInto)
    return (
      <section className="conversation empty" id="conversation" data-testid="conversation-merged">
        <p role="status">{t('merge.redirect')}</p>
      </section>
    );
  const others = presence.viewers.filter((v) => v.userId !== me.user.id && v.state !== 'left');
  const typing = others.filter((v) => v.state === 'typing');

  return (
    <section className={showContact ? 'conversation show-contact' : 'conversation'} id="conversation" aria-labelledby="conv-title" tabIndex={-1}>
      <div className="conv-main">
        <Header c={c} onBack={onBack} onResolve={onResolve} assignRef={assignRef} onContact={() => setShowContact(true)} spam={spam} />
        {others.length > 0 && (
          <div className="presence" role="status" data-testid="presence">
            {others.map((v) => (
              <Avatar key={v.userId} name={v.name} />
            ))}
            <span>
              {typing.length
                ? t('conv.typing', { names: typing.map((v) => v.name).join(', ') })
                : t('conv.viewing', { names: others.map((v) => v.name).join(', ') })}
            </span>
          </div>
        )}
        <Thread c={c} />
        {writable(replyPermissions(c, canOn)) ? (
          <Composer ref={composer} c={c} openedAt={openedAt} onTyping={presence.typing} onResolved={() => onMoveOn(c.id)} />
        ) : (
          <p className="read-only" role="note">
            {t('conv.readOnly')}
          </p>
        )}
      </div>
      <ContactPanel contactId={c.contactId} currentConversationId={c.id} onClose={() => setShowContact(false)} />
    </section>
  );
}

function Header({
  c,
  onBack,
  onResolve,
  assignRef,
  onContact,
  spam,
}: {
  c: ConversationDetail;
  onBack: () => void;
  onResolve: (id: string) => Promise<void>;
  assignRef: RefObject<HTMLSelectElement | null>;
  onContact: () => void;
  spam: SpamToggle;
}) {
  const { canOn } = useSession();
  const members = useMembers();
  const teams = useTeams();
  const qc = useQueryClient();
  // Checked on this conversation's team: a team role may allow here what the workspace role does not.
  const mayAssign = canOn(c.teamId, 'conversations.assign');
  const mayTriage = canOn(c.teamId, 'conversations.triage');
  const [tag, setTag] = useState('');
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const [location, navigate] = useLocation();
  const [failure, setFailure] = useState<string | null>(null);
  const [macroMsg, setMacroMsg] = useState<string | null>(null);

  const refresh = () => {
    setFailure(null);
    void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
    void qc.invalidateQueries({ queryKey: keys.queues });
    void qc.invalidateQueries({ queryKey: keys.counts });
    // The contact panel lists this conversation with its status.
    void qc.invalidateQueries({ queryKey: keys.contact(c.contactId) });
  };
  const act = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setFailure(t('conv.actionFailed', { message: errorText(e) })));
  const setStatus = (status: string, snoozedUntil?: string) => act(post(`/conversations/${c.id}/status`, { status, snoozedUntil }));
  const name = c.contact.name ?? t('queue.unknownContact');

  return (
    <header className="conv-head">
      <div className="conv-title-row">
        <button className="icon-btn back-btn" onClick={onBack} aria-label={t('conv.back')}>
          ←
        </button>
        <h1 id="conv-title" className="conv-title">
          {name}
        </h1>
        <span className={`status-pill ${c.status}`}>
          {c.status === 'snoozed' && c.snoozedUntil ? t('conv.snoozed', { time: clock(c.snoozedUntil) }) : t(`status.${c.status}`)}
        </span>
        <VisibilityBadge visibility={c.visibility} />
        <span className="chip">{t(`kindShort.${c.kind}` as MessageKey)}</span>
        <span className="chip subtle">{c.channel.name}</span>
        {c.language && <span className="chip subtle">{t('conv.language', { lang: c.language })}</span>}
        {c.sentiment && <span className={`chip sentiment ${c.sentiment}`}>{t(`conv.sentiment.${c.sentiment}` as MessageKey)}</span>}
        <SignalBadges c={c} />
        <button className="btn ghost small contact-btn" onClick={onContact}>
          {t('contact.show')}
        </button>
      </div>
      {c.linkedConversation && (
        <p className="linked" data-testid="linked-conversation">
          {c.linkedConversation.visibility === 'private' ? t('conv.linkedPrivate') : t('conv.linkedPublic')} —{' '}
          <Link href={`/inbox/all/${c.linkedConversation.id}`}>{t('conv.openLinked')}</Link>
        </p>
      )}
      <OutOfQueueNotice c={c} failure={spam.failure} />
      <CareStrip c={c} />
      {failure && (
        <p className="form-error" role="alert" data-testid="conv-failure">
          {failure}
        </p>
      )}
      {macroMsg && (
        <p className="muted" role="status" data-testid="macro-status">
          {macroMsg}
        </p>
      )}
      <div className="conv-actions">
        <label className="field-inline">
          <span>{t('conv.assign')}</span>
          <select
            ref={assignRef}
            disabled={!mayAssign}
            value={c.assigneeId ?? ''}
            onChange={(e) => act(post(`/conversations/${c.id}/assign`, { assigneeId: e.target.value || null }))}
          >
            <option value="">{t('conv.unassigned')}</option>
            {(members.data ?? [])
              .filter((m) => m.role !== 'viewer')
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        {!!teams.data?.length && (
          <label className="field-inline">
            <span>{t('conv.team')}</span>
            <select
              disabled={!mayAssign}
              value={c.teamId ?? ''}
              onChange={(e) => act(post(`/conversations/${c.id}/assign`, { teamId: e.target.value || null }))}
            >
              <option value="">{t('conv.noTeam')}</option>
              {teams.data.map((tm) => (
                <option key={tm.id} value={tm.id}>
                  {tm.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field-inline">
          <span>{t('conv.priority')}</span>
          {/* A level chosen here pins it; "Automatic" gives it back to the computed priority (README "Signals and priority"). */}
          <select
            disabled={!mayTriage}
            value={c.signals && !c.signals.priority.pinned ? 'auto' : c.priority}
            onChange={(e) => act(patch(`/conversations/${c.id}`, { priority: e.target.value }))}
          >
            {c.signals && (
              <option value="auto">
                {c.signals.priority.pinned ? t('signals.automaticPlain') : t('signals.automatic', { level: t(`priority.${c.signals.priority.level}`) })}
              </option>
            )}
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
          {c.signals?.priority.pinned && (
            <span className="pinned-note" data-testid="priority-pinned">
              {t('signals.pinned')}
            </span>
          )}
        </label>
        <MacroMenu ids={[c.id]} onMessage={setMacroMsg} />
        {mayTriage && (
          <div className="action-buttons">
            <div className="menu-wrap">
              <button className="btn ghost small" aria-expanded={snoozeOpen} onClick={() => setSnoozeOpen((o) => !o)}>
                {t('conv.snooze')} ▾
              </button>
              {snoozeOpen && (
                <SnoozeMenu
                  onPending={c.status === 'open' ? () => void setStatus('pending').then(() => setSnoozeOpen(false)) : undefined}
                  onPick={(iso) => void setStatus('snoozed', iso).then(() => setSnoozeOpen(false))}
                />
              )}
            </div>
            <SpamButton c={c} spam={spam} />
            <button className="btn ghost small" onClick={() => setMergeOpen(true)} data-testid="merge-open">
              {t('merge.open')}
            </button>
            {mergeOpen && (
              <MergeDialog
                title={t('merge.title')}
                intro={t('merge.intro', { name })}
                contactId={c.contactId}
                sourceIds={[c.id]}
                onClose={() => setMergeOpen(false)}
                onMerged={(target) => {
                  setMergeOpen(false);
                  navigate(location.replace(c.id, target) + window.location.search);
                }}
              />
            )}
            {c.status !== 'resolved' ? (
              <button className="btn small resolve" onClick={() => void onResolve(c.id)} aria-keyshortcuts="e">
                ✓ {t('conv.resolve')}
              </button>
            ) : (
              <button className="btn small" onClick={() => void setStatus('open')}>
                {t('conv.reopen')}
              </button>
            )}
          </div>
        )}
      </div>
      {(mayTriage || c.tags.length > 0) && (
        <div className="tags" aria-label={t('conv.tags')}>
          {c.tags.map((tg) => (
            <TagChip key={tg} tag={tg}>
              {mayTriage && (
                <button
                  className="chip-x"
                  aria-label={t('conv.removeTag', { tag: tg })}
                  onClick={() => void act(post(`/conversations/${c.id}/tags`, { remove: [tg] }))}
                >
                  ×
                </button>
              )}
            </TagChip>
          ))}
          {mayTriage && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (tag.trim()) void act(post(`/conversations/${c.id}/tags`, { add: [tag.trim()] })).then(() => setTag(''));
              }}
            >
              <label className="sr-only" htmlFor="add-tag">
                {t('conv.addTag')}
              </label>
              <input
                id="add-tag"
                className="tag-input"
                placeholder={`+ ${t('conv.addTag')}`}
                value={tag}
                onChange={(e) => setTag(e.target.value)}
                list="tag-options"
              />
              <TagOptions exclude={c.tags} />
            </form>
          )}
        </div>
      )}
    </header>
  );
}

function SnoozeMenu({ onPick, onPending }: { onPick: (iso: string) => void; onPending?: () => void }) {
  const [custom, setCustom] = useState('');
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const tomorrow = () => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(9, 0, 0, 0);
    return d.toISOString();
  };
  return (
    <div className="menu" role="menu">
      {onPending && (
        <button role="menuitem" onClick={onPending}>
          {t('conv.pending')}
        </button>
      )}
      <button role="menuitem" onClick={() => onPick(inHours(1))}>
        {t('conv.snooze1h')}
      </button>
      <button role="menuitem" onClick={() => onPick(inHours(4))}>
        {t('conv.snooze4h')}
      </button>
      <button role="menuitem" onClick={() => onPick(tomorrow())}>
        {t('conv.snoozeTomorrow')}
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (custom) onPick(new Date(custom).toISOString());
        }}
      >
        <label>
          {t('conv.snoozeCustom')}
          <input type="datetime-local" value={custom} onChange={(e) => setCustom(e.target.value)} />
        </label>
        <button className="btn small">{t('conv.snooze')}</button>
      </form>
    </div>
  );
}
