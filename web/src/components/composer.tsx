import { HidePublicOffer } from './moderation';
import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, isMissing, post } from '../api/client';
import { errorText, sentence } from '../api/error-text';
import { keys, useMembers, useUserSettings } from '../api/queries';
import type { Analysis, ConversationDetail, Member } from '../api/types';
import { t } from '../i18n';
import { countLength } from '../lib/length';
import { duration, replyWindow } from '../lib/time';
import { fillVariables, firstName, unfilledVariables } from '../lib/variables';
import { useSession } from '../session';
import { GlobeIcon, LockIcon } from './bits';
import { available, useLiveChecks } from './composer-checks';
import { ConflictWarning, PrivacyGuard, ToneHints } from './composer-dialogs';
import { Highlighter, MentionList, mentionQuery } from './composer-parts';
import { SavedReplyMenu } from './composer-saved-reply';
import { TemplatePicker } from './template-picker';
import { AttachButton, AttachmentChips, attachBlockedReason, useAttachments } from './composer-attachments';
import { useVariableContext } from './use-variable-context';
import { replyPermissions } from '../lib/permissions';
import { SendLaterButton, type SendLater } from '../approvals/send-later';
import type { HeldReply } from '../approvals/api';

export interface ComposerHandle {
  focus: (mode: 'reply' | 'note') => void;
}

type Mode = 'reply' | 'note';
type Vis = 'public' | 'private';

/**
 * Replying, moving to private, and notes. Guards, in order: the channel's capabilities and
 * window, its length counting, variables left unfilled, personal details in a public reply
 * (asks, suggests private), and "someone replied since you opened this" (asks). Tone hints only
 * underline; they never block.
 */
export const Composer = forwardRef<
  ComposerHandle,
  // onResolved: after "Send and resolve" went through (the inbox moves on to the next conversation).
  { c: ConversationDetail; openedAt: string; onTyping: () => void; onResolved?: () => void }
>(function Composer({ c, openedAt, onTyping, onResolved }, ref) {
  const { me, canOn } = useSession();
  const qc = useQueryClient();
  const members = useMembers();
  const settings = useUserSettings();
  const caps = c.channel.capabilities;
  const isPublicConv = c.visibility === 'public';
  // What the channel can do, narrowed by what the member's roles allow on this conversation.
  const may = replyPermissions(c, canOn);
  const canPublic = isPublicConv && caps.publicReply && may.public;
  const canPrivate = (!isPublicConv || caps.privateReplyToPublic) && may.private;
  const replyAllowed = canPublic || canPrivate;

  const [mode, setMode] = useState<Mode>(replyAllowed ? 'reply' : 'note');
  const [vis, setVis] = useState<Vis>(canPublic ? 'public' : 'private');
  const [text, setText] = useState('');
  const [publicNoteOn, setPublicNoteOn] = useState(true);
  // null = Hearken's default note, written by the server in the customer's language (it follows
  // the conversation's language once triage knows it); the agent's own words once edited.
  const [publicNoteEdit, setPublicNote] = useState<string | null>(null);
  const publicNote = publicNoteEdit ?? c.defaultPublicNote;
  const [signOverride, setSignOverride] = useState<boolean | null>(null);
  const [guard, setGuard] = useState<Analysis['pii'] | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  // A reply held instead of sent (approvals/): proposed for approval or scheduled.
  const [heldNotice, setHeldNotice] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [caret, setCaret] = useState(0);
  const [mentionActive, setMentionActive] = useState(0);
  const since = useRef(openedAt);
  // Files for the reply (composer-attachments.tsx): uploaded when picked, named by id on send.
  const att = useAttachments(caps);
  const area = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({
    focus: (m) => {
      setMode(m === 'reply' && !replyAllowed ? 'note' : m);
      requestAnimationFrame(() => area.current?.focus());
    },
  }));

  const sign = signOverride ?? settings.data?.signature.enabled ?? false;
  const agentName = me.user.name;
  const signature = mode === 'reply' && sign ? `\n\n${t('composer.signaturePreview', { name: firstName(agentName) })}` : '';
  const full = text.trim() + signature;
  const length = countLength(full, caps.lengthCounting);
  const over = mode === 'reply' ? length - caps.maxLength : 0;
  // The public note left when moving to private is a public reply: it needs reply_public too.
  const withPublicNote = publicNoteOn && may.public;
  const noteOver = mode === 'reply' && vis === 'private' && isPublicConv && withPublicNote ? countLength(publicNote, caps.lengthCounting) - caps.maxLength : 0;
  const win = replyWindow(c.lastInboundAt, caps.messageWindowHours);
  const windowClosed = mode === 'reply' && win !== null && !win.open;
  const unfilled = unfilledVariables(text);
  const publicReply = mode === 'reply' && vis === 'public' && isPublicConv;

  const { marks, hints } = useLiveChecks(c, { text, reply: mode === 'reply', publicReply });
  // Saved-reply variables from the live contact; placeholders left in the draft fill in as soon as
  // the detail they name is added (in the contact panel), so the agent need not pick the reply again.
  const vars = useVariableContext(c, agentName);
  useEffect(() => {
    setText((draft) => (unfilledVariables(draft).length ? fillVariables(draft, vars).text : draft));
  }, [vars]);

  // @mentions in notes
  const mq = mode === 'note' ? mentionQuery(text, caret) : null;
  const mentionCandidates: Member[] = mq
    ? (members.data ?? []).filter((m) => m.id !== me.user.id && m.name.toLowerCase().includes(mq.query.toLowerCase())).slice(0, 6)
    : [];
  function pickMention(m: Member) {
    if (!mq) return;
    const next = `${text.slice(0, mq.start)}@${m.name} ${text.slice(caret)}`;
    setText(next);
    const pos = mq.start + m.name.length + 2;
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  }

  const attachBlocked = attachBlockedReason(caps, { privateReply: vis === 'private' && !isPublicConv });
  const withFiles = mode === 'reply' && att.files.length > 0;
  const blocked =
    sending ||
    (!text.trim() && !withFiles) ||
    (withFiles && (att.busy || !!attachBlocked)) ||
    (mode === 'reply' && !!att.note) ||
    over > 0 ||
    noteOver > 0 ||
    windowClosed ||
    unfilled.length > 0 ||
    (mode === 'reply' && vis === 'public' && !canPublic);

  async function send(o: { force?: boolean; skipGuard?: boolean; resolve?: boolean; visibility?: Vis; later?: SendLater } = {}) {
    if (sending) return;
    setError(null);
    setHeldNotice(null);
    const v = o.visibility ?? vis;
    setSending(true);
    try {
      if (mode === 'note') {
        const mentions = (members.data ?? []).filter((m) => text.includes(`@${m.name}`)).map((m) => m.id);
        await post(`/conversations/${c.id}/notes`, { text: text.trim(), mentions });
      } else {
        if (v === 'public' && isPublicConv && !o.skipGuard && available.analyze) {
          const a = await post<Analysis>('/analyze', { text: full }).catch((e) => {
            if (isMissing(e)) available.analyze = false;
            return null;
          });
          if (a?.pii?.length) {
            setGuard(a.pii);
            setSending(false);
            return;
          }
        }
        const body: Record<string, unknown> = { text: full };
        if (att.ids.length) body.attachments = att.ids;
        if (v !== c.visibility) body.visibility = v;
        if (v === 'private' && isPublicConv && withPublicNote && publicNote.trim()) body.publicNote = publicNote.trim();
        if (o.resolve) body.thenStatus = 'resolved';
        if (!o.force) body.ifNoReplySince = since.current;
        // The agent saw the privacy guard and chose to send publicly anyway: tell the server so.
        if (o.skipGuard && v === 'public' && isPublicConv) body.allowPersonalData = true;
        if (o.later) Object.assign(body, o.later);
        const r = await post<{ privateConversationId: string | null; held: HeldReply | null }>(`/conversations/${c.id}/replies`, body);
        if (r.privateConversationId && isPublicConv) setMovedTo(r.privateConversationId);
        if (r.held)
          setHeldNotice(
            r.held.status === 'proposed'
              ? t('composer.proposed', { reason: r.held.reason ?? '' })
              : t('composer.scheduled', { time: r.held.sendAt ? new Date(r.held.sendAt).toLocaleString() : '' }),
          );
        void qc.invalidateQueries({ queryKey: ['held-replies', c.id] });
      }
      setText('');
      if (mode === 'reply') att.clear();
      setGuard(null);
      setConflict(null);
      since.current = new Date().toISOString();
      void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
      void qc.invalidateQueries({ queryKey: keys.queues });
      if (o.resolve && mode === 'reply') onResolved?.();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && mode === 'reply') setConflict(sentence(e.message));
      else if (e instanceof ApiError && e.code === 'privacy_guard' && mode === 'reply') setGuard([]);
      else setError(t('composer.error', { message: errorText(e) }));
    } finally {
      setSending(false);
    }
  }

  const placeholder =
    mode === 'note' ? t('composer.placeholderNote') : vis === 'public' && isPublicConv ? t('composer.placeholderPublic') : t('composer.placeholderPrivate');
  const sendLabel = mode === 'note' ? t('composer.addNote') : vis === 'public' && isPublicConv ? t('composer.sendPublic') : t('composer.sendPrivate');

  return (
    <section className={`composer mode-${mode} ${publicReply ? 'is-public' : 'is-private'}`} aria-label={t('composer.label')}>
      <div className="composer-tabs" role="tablist">
        <button
          role="tab"
          aria-selected={mode === 'reply'}
          className={mode === 'reply' ? 'tab active' : 'tab'}
          disabled={!replyAllowed}
          title={replyAllowed ? undefined : may.reason}
          onClick={() => setMode('reply')}
        >
          {t('composer.reply')}
        </button>
        <button
          role="tab"
          aria-selected={mode === 'note'}
          className={mode === 'note' ? 'tab active' : 'tab'}
          disabled={!may.note}
          onClick={() => setMode('note')}
        >
          {t('composer.note')}
        </button>
        {mode === 'reply' && isPublicConv && (
          <div className="vis-toggle" role="radiogroup" aria-label={t('composer.label')}>
            <label className={vis === 'public' ? 'on public' : ''}>
              <input type="radio" name="vis" checked={vis === 'public'} disabled={!canPublic} onChange={() => setVis('public')} /> <GlobeIcon />{' '}
              {t('composer.public')}
            </label>
            <label className={vis === 'private' ? 'on private' : ''}>
              <input type="radio" name="vis" checked={vis === 'private'} disabled={!canPrivate} onChange={() => setVis('private')} /> <LockIcon />{' '}
              {t('composer.privateMove')}
            </label>
          </div>
        )}
        {mode === 'reply' && win?.open && (
          <span className="window" role="note">
            {t('composer.window', { time: duration(win.leftMs) })}
          </span>
        )}
      </div>
      {!replyAllowed && (
        <p className="denied" role="note" data-testid="reply-denied">
          {may.reason}
        </p>
      )}
      {movedTo && (
        <p className="moved" role="status" data-testid="moved-to-private">
          {t('conv.linkedPrivate')} — <Link href={`/inbox/all/${movedTo}`}>{t('conv.openLinked')}</Link>
        </p>
      )}
      {movedTo && <HidePublicOffer c={c} />}
      {heldNotice && (
        <p className="moved" role="status" data-testid="held-notice">
          {heldNotice}
        </p>
      )}
      {windowClosed && win && (
        <p className="warn" role="alert">
          {t('composer.windowClosed', { time: duration(-win.leftMs) })}
        </p>
      )}
      {mode === 'reply' && <TemplatePicker c={c} />}
      <div
        className="editor"
        onDragOver={(e) => {
          if (mode === 'reply' && !attachBlocked && e.dataTransfer.types.includes('Files')) e.preventDefault();
        }}
        onDrop={(e) => {
          if (mode !== 'reply' || attachBlocked || !e.dataTransfer.files.length) return;
          e.preventDefault();
          att.add(e.dataTransfer.files);
        }}
        onPaste={(e) => {
          if (mode !== 'reply' || attachBlocked || !e.clipboardData.files.length) return;
          e.preventDefault();
          att.add(e.clipboardData.files);
        }}
      >
        <Highlighter text={text} marks={marks} scrollTop={scrollTop} />
        <textarea
          ref={area}
          aria-label={placeholder}
          placeholder={placeholder}
          value={text}
          rows={4}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setGuard(null);
            setMentionActive(0);
            onTyping();
          }}
          onKeyDown={(e) => {
            if (mentionCandidates.length) {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                setMentionActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + mentionCandidates.length) % mentionCandidates.length);
                return;
              }
              if (e.key === 'Enter' || e.key === 'Tab') {
                e.preventDefault();
                pickMention(mentionCandidates[mentionActive] ?? mentionCandidates[0]!);
                return;
              }
            }
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              if (!blocked) void send();
            }
          }}
        />
        {mentionCandidates.length > 0 && <MentionList members={mentionCandidates} active={mentionActive} onPick={pickMention} />}
      </div>
      {mode === 'reply' && vis === 'private' && isPublicConv && may.public && (
        <div className="public-note">
          <label>
            <input type="checkbox" checked={publicNoteOn} onChange={(e) => setPublicNoteOn(e.target.checked)} /> {t('composer.publicNote')}
          </label>
          {publicNoteOn && <input aria-label={t('composer.publicNoteLabel')} value={publicNote} onChange={(e) => setPublicNote(e.target.value)} />}
        </div>
      )}
      {unfilled.length > 0 && (
        <p className="warn" role="alert">
          {t('composer.missingVars', { vars: unfilled.map((v) => `{{${v}}}`).join(', ') })}
        </p>
      )}
      <ToneHints hints={hints} text={text} />
      {guard && (
        <PrivacyGuard
          pii={guard}
          canPrivate={canPrivate}
          onPrivate={() => {
            setVis('private');
            void send({ visibility: 'private', skipGuard: true });
          }}
          onAnyway={() => void send({ skipGuard: true })}
          onEdit={() => {
            setGuard(null);
            area.current?.focus();
          }}
        />
      )}
      {conflict && (
        <ConflictWarning
          message={conflict}
          onAnyway={() => void send({ force: true, skipGuard: true })}
          onReview={() => {
            setConflict(null);
            since.current = new Date().toISOString();
            void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
          }}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'reply' && <AttachmentChips att={att} />}
      <div className="composer-foot">
        {mode === 'reply' && <AttachButton att={att} blockedReason={attachBlocked} />}
        {/* Inserts in the conversation's language, and says which (composer-saved-reply.tsx). */}
        <SavedReplyMenu c={c} vars={vars} text={text} setText={setText} area={area} />
        {mode === 'reply' && (
          <label className="sign">
            <input type="checkbox" checked={sign} onChange={(e) => setSignOverride(e.target.checked)} /> {t('composer.signature')}
          </label>
        )}
        <span className="spacer" />
        {mode === 'reply' && (
          <span className={over > 0 ? 'counter over' : 'counter'} aria-live="polite" data-testid="counter">
            {over > 0 ? t('composer.tooLong', { n: over }) : t('composer.counter', { n: length, max: caps.maxLength })}
          </span>
        )}
        {mode === 'reply' && <SendLaterButton disabled={blocked} onPick={(later) => void send({ later })} />}
        {mode === 'reply' && (
          <button className="btn ghost" disabled={blocked} onClick={() => void send({ resolve: true })}>
            {t('composer.sendResolve')}
          </button>
        )}
        <button className={publicReply ? 'btn primary public' : 'btn primary'} disabled={blocked} onClick={() => void send()} title={t('composer.shortcut')}>
          {sending ? t('composer.sending') : sendLabel}
        </button>
      </div>
    </section>
  );
});
