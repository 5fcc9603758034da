import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, isMissing, post } from '../api/client';
import { errorText, sentence } from '../api/error-text';
import { keys, useMembers, useUserSettings } from '../api/queries';
import type { Analysis, ConversationDetail, Member, SavedReply, ToneHint } from '../api/types';
import { t } from '../i18n';
import { countLength } from '../lib/length';
import { duration, replyWindow } from '../lib/time';
import { fillVariables, firstName, unfilledVariables } from '../lib/variables';
import { useSession } from '../session';
import { GlobeIcon, LockIcon } from './bits';
import { Highlighter, MentionList, mentionQuery, SavedReplies, type Mark } from './composer-parts';
import { TemplatePicker } from './template-picker';
import { AttachButton, AttachmentChips, attachBlockedReason, useAttachments } from './composer-attachments';

export interface ComposerHandle {
  focus: (mode: 'reply' | 'note') => void;
}

type Mode = 'reply' | 'note';
type Vis = 'public' | 'private';

// Endpoints another part of the server provides; a server without them answers 404 and the
// feature stays off for the rest of the session (no client-side imitation).
const available = { analyze: true, tone: true };

function useDebounced<T>(value: T, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

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
  const { me } = useSession();
  const qc = useQueryClient();
  const members = useMembers();
  const settings = useUserSettings();
  const caps = c.channel.capabilities;
  const isPublicConv = c.visibility === 'public';
  const canPublic = isPublicConv && caps.publicReply;
  const canPrivate = !isPublicConv || caps.privateReplyToPublic;

  const [mode, setMode] = useState<Mode>('reply');
  const [vis, setVis] = useState<Vis>(canPublic ? 'public' : 'private');
  const [text, setText] = useState('');
  const [publicNoteOn, setPublicNoteOn] = useState(true);
  const [publicNote, setPublicNote] = useState(t('composer.publicNoteDefault'));
  const [signOverride, setSignOverride] = useState<boolean | null>(null);
  const [savedOpen, setSavedOpen] = useState(false);
  const [guard, setGuard] = useState<Analysis['pii'] | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [caret, setCaret] = useState(0);
  const [mentionActive, setMentionActive] = useState(0);
  const [analysis, setAnalysis] = useState<{ text: string; pii: Analysis['pii'] } | null>(null);
  const [tone, setTone] = useState<{ text: string; hints: ToneHint[] } | null>(null);
  const since = useRef(openedAt);
  // Files for the reply (composer-attachments.tsx): uploaded when picked, named by id on send.
  const att = useAttachments(caps.outboundAttachments);
  const area = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({
    focus: (m) => {
      setMode(m);
      requestAnimationFrame(() => area.current?.focus());
    },
  }));

  const sign = signOverride ?? settings.data?.signature.enabled ?? false;
  const agentName = me.user.name;
  const signature = mode === 'reply' && sign ? `\n\n${t('composer.signaturePreview', { name: firstName(agentName) })}` : '';
  const full = text.trim() + signature;
  const length = countLength(full, caps.lengthCounting);
  const over = mode === 'reply' ? length - caps.maxLength : 0;
  const noteOver = mode === 'reply' && vis === 'private' && isPublicConv && publicNoteOn ? countLength(publicNote, caps.lengthCounting) - caps.maxLength : 0;
  const win = replyWindow(c.lastInboundAt, caps.messageWindowHours);
  const windowClosed = mode === 'reply' && win !== null && !win.open;
  const unfilled = unfilledVariables(text);
  const publicReply = mode === 'reply' && vis === 'public' && isPublicConv;

  // Privacy and tone checks while typing (debounced), so marks show before the agent hits send.
  const settled = useDebounced(mode === 'reply' ? text : '', 600);
  useEffect(() => {
    if (!settled.trim() || !publicReply || !available.analyze) return;
    let live = true;
    post<Analysis>('/analyze', { text: settled })
      .then((a) => live && setAnalysis({ text: settled, pii: a.pii ?? [] }))
      .catch((e) => {
        if (isMissing(e)) available.analyze = false;
      });
    return () => {
      live = false;
    };
  }, [settled, publicReply]);
  const lastCustomer = useMemo(() => [...c.messages].reverse().find((m) => m.direction === 'in' && !m.deleted), [c.messages]);
  useEffect(() => {
    if (!settled.trim() || !available.tone) return;
    let live = true;
    post<{ hints: ToneHint[] }>('/tone-check', {
      text: settled,
      customerText: lastCustomer?.body,
      customerName: c.contact.name ?? undefined,
      language: c.language ?? undefined,
    })
      .then((r) => live && setTone({ text: settled, hints: r.hints ?? [] }))
      .catch((e) => {
        if (isMissing(e)) available.tone = false;
      });
    return () => {
      live = false;
    };
  }, [settled, lastCustomer?.body, c.contact.name, c.language]);

  const marks: Mark[] = [];
  if (publicReply && analysis?.text === text) for (const p of analysis.pii) marks.push({ start: p.start, end: p.end, kind: 'pii', title: p.type });
  if (mode === 'reply' && tone?.text === text)
    for (const h of tone.hints)
      if (h.start !== undefined && h.end !== undefined) marks.push({ start: h.start, end: h.end, kind: 'tone', title: h.message ?? h.reason ?? '' });
  const hints = mode === 'reply' && tone?.text === text ? tone.hints : [];

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

  function insertSaved(r: SavedReply) {
    const { text: filled } = fillVariables(r.body, { contact: { name: c.contact.name, attributes: c.contact.attributes }, agent: { name: agentName } });
    const el = area.current;
    const at = el ? el.selectionStart : text.length;
    setText(text ? text.slice(0, at) + filled + text.slice(at) : filled);
    setSavedOpen(false);
    requestAnimationFrame(() => area.current?.focus());
  }

  const attachBlocked = attachBlockedReason(caps, { privateReply: vis === 'private' && !isPublicConv });
  const withFiles = mode === 'reply' && att.files.length > 0;
  const blocked =
    sending ||
    (!text.trim() && !withFiles) ||
    (withFiles && (att.busy || !!attachBlocked)) ||
    over > 0 ||
    noteOver > 0 ||
    windowClosed ||
    unfilled.length > 0 ||
    (mode === 'reply' && vis === 'public' && !canPublic);

  async function send(o: { force?: boolean; skipGuard?: boolean; resolve?: boolean; visibility?: Vis } = {}) {
    if (sending) return;
    setError(null);
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
        if (v === 'private' && isPublicConv && publicNoteOn && publicNote.trim()) body.publicNote = publicNote.trim();
        if (o.resolve) body.thenStatus = 'resolved';
        if (!o.force) body.ifNoReplySince = since.current;
        // The agent saw the privacy guard and chose to send publicly anyway: tell the server so.
        if (o.skipGuard && v === 'public' && isPublicConv) body.allowPersonalData = true;
        const r = await post<{ privateConversationId: string | null }>(`/conversations/${c.id}/replies`, body);
        if (r.privateConversationId && isPublicConv) setMovedTo(r.privateConversationId);
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
        <button role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'tab active' : 'tab'} onClick={() => setMode('reply')}>
          {t('composer.reply')}
        </button>
        <button role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'tab active' : 'tab'} onClick={() => setMode('note')}>
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
      {movedTo && (
        <p className="moved" role="status" data-testid="moved-to-private">
          {t('conv.linkedPrivate')} — <Link href={`/inbox/all/${movedTo}`}>{t('conv.openLinked')}</Link>
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
      {mode === 'reply' && vis === 'private' && isPublicConv && (
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
      {hints.length > 0 && (
        <div className="tone-hints" role="note" aria-label={t('composer.toneTitle')}>
          <strong>{t('composer.toneTitle')}</strong>
          <ul>
            {hints.map((h, i) => (
              <li key={i}>
                {h.start !== undefined && h.end !== undefined && (
                  <>
                    <mark className="hl tone">{text.slice(h.start, h.end)}</mark> —{' '}
                  </>
                )}
                {h.message ?? h.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {guard && (
        <div className="guard" role="alertdialog" aria-labelledby="guard-title" data-testid="privacy-guard">
          <strong id="guard-title">{t('composer.privacyTitle')}</strong>
          <p>{t('composer.privacyBody', { items: guard.map((p) => `${p.text} (${p.type})`).join(', ') })}</p>
          <div className="row">
            {canPrivate && (
              <button
                className="btn primary"
                onClick={() => {
                  setVis('private');
                  void send({ visibility: 'private', skipGuard: true });
                }}
              >
                {t('composer.privacyPrivate')}
              </button>
            )}
            <button className="btn danger" onClick={() => void send({ skipGuard: true })}>
              {t('composer.privacyAnyway')}
            </button>
            <button
              className="btn ghost"
              onClick={() => {
                setGuard(null);
                area.current?.focus();
              }}
            >
              {t('composer.privacyEdit')}
            </button>
          </div>
        </div>
      )}
      {conflict && (
        <div className="guard conflict" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-warning">
          <strong id="conflict-title">{t('composer.conflictTitle')}</strong>
          <p>{conflict}</p>
          <div className="row">
            <button className="btn primary" onClick={() => void send({ force: true, skipGuard: true })}>
              {t('composer.conflictAnyway')}
            </button>
            <button
              className="btn ghost"
              onClick={() => {
                setConflict(null);
                since.current = new Date().toISOString();
                void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
              }}
            >
              {t('composer.conflictReview')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'reply' && <AttachmentChips att={att} />}
      <div className="composer-foot">
        {mode === 'reply' && <AttachButton att={att} blockedReason={attachBlocked} />}
        <div className="menu-wrap">
          <button type="button" className="btn ghost small" aria-expanded={savedOpen} onClick={() => setSavedOpen((o) => !o)}>
            {t('composer.savedReplies')}
          </button>
          {savedOpen && <SavedReplies onPick={insertSaved} onClose={() => setSavedOpen(false)} />}
        </div>
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
