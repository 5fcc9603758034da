import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useMemberNames } from '../api/queries';
import type { ConversationDetail } from '../api/types';
import { t } from '../i18n';
import { dateTime } from '../lib/time';
import { useSession } from '../session';
import { heldKeys, type HeldReply, useHeldReplies } from './api';
import { ApprovalActions } from './approval-actions';
import './approvals.css';

/**
 * Replies of this conversation that wait before the outbox, below the thread: proposed (with the
 * rule that held them), scheduled (with their time), and those that need their author (rejected
 * with the approver's reason, failed with the channel's). Bodies are text nodes, never HTML.
 */
export function HeldReplies({ c }: { c: ConversationDetail }) {
  const held = useHeldReplies(c.id);
  if (!held.data?.length) return null;
  return (
    <section className="held-replies" aria-label={t('held.title')} data-testid="held-replies">
      <h3 className="held-title">
        {t('held.title')} <span className="held-badge">{t('held.badge', { n: held.data.length })}</span>
      </h3>
      {held.data.map((h) => (
        <HeldItem key={h.id} h={h} />
      ))}
    </section>
  );
}

const toLocalInput = (iso: string | null) => {
  const d = iso ? new Date(iso) : new Date(Date.now() + 3_600_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function HeldItem({ h }: { h: HeldReply }) {
  const { me, can } = useSession();
  const names = useMemberNames();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(h.text);
  const [when, setWhen] = useState(toLocalInput(h.sendAt));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = h.authorUserId === me.user.id;
  const approver = can('replies.approve');
  const author = mine ? t('held.you') : (names.get(h.authorUserId ?? '')?.name ?? t('held.someone'));

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setEditing(false);
      void qc.invalidateQueries({ queryKey: heldKeys.conversation(h.conversationId) });
      void qc.invalidateQueries({ queryKey: heldKeys.approvals });
      void qc.invalidateQueries({ queryKey: keys.conversation(h.conversationId) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const label = { proposed: t('held.proposed'), scheduled: t('held.scheduled'), failed: t('held.failed'), rejected: t('held.rejected') }[
    h.status as 'proposed' | 'scheduled' | 'failed' | 'rejected'
  ];
  const note =
    h.status === 'proposed'
      ? [t('held.proposedNote', { reason: h.reason ?? '' }), h.sendAt ? t('held.proposedFor', { time: dateTime(h.sendAt) }) : null].filter(Boolean).join(' · ')
      : h.status === 'scheduled'
        ? t('held.scheduledFor', { time: dateTime(h.sendAt) })
        : h.status === 'failed'
          ? t('held.failedReason', { reason: h.error ?? '' })
          : t('held.rejectedReason', { reason: h.rejectReason ?? '' });
  const canManage = mine || approver;
  const save = () => {
    const body: Record<string, unknown> = { text };
    if (h.status !== 'proposed' || h.sendAt) body.sendAt = new Date(when).toISOString();
    return run(() => patch(`/held-replies/${h.id}`, body));
  };

  return (
    <article className={`held-item ${h.status}`} data-testid="held-reply" data-status={h.status} aria-label={`${label}, ${author}`}>
      <header className="msg-head">
        <span className="msg-author">{author}</span>
        <span className={`held-chip ${h.status}`}>{label}</span>
        {h.visibility && <span className="msg-kind">{h.visibility}</span>}
      </header>
      {editing ? (
        <div className="held-edit">
          <textarea aria-label={t('held.editLabel')} value={text} rows={3} onChange={(e) => setText(e.target.value)} />
          {(h.status !== 'proposed' && h.status !== 'rejected') || h.sendAt ? (
            <label>
              {t('held.time')} <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
            </label>
          ) : null}
        </div>
      ) : (
        <p className="msg-body">{h.text}</p>
      )}
      <p className="held-note" role={h.status === 'failed' || h.status === 'rejected' ? 'alert' : undefined}>
        {note}
      </p>
      <div className="row">
        {mine && !editing && (
          <button className="btn small" disabled={busy} onClick={() => setEditing(true)}>
            {t('held.edit')}
          </button>
        )}
        {editing && (
          <button className="btn primary small" disabled={busy || !text.trim()} onClick={() => void save()}>
            {h.status === 'rejected' ? t('held.proposeAgain') : t('held.save')}
          </button>
        )}
        {canManage && (h.status === 'scheduled' || h.status === 'failed') && !editing && (
          <button className="btn small" disabled={busy} onClick={() => void run(() => post(`/held-replies/${h.id}/send-now`))}>
            {t('held.sendNow')}
          </button>
        )}
        {canManage && (
          <button
            className="btn ghost small"
            disabled={busy}
            onClick={() => (editing ? setEditing(false) : void run(() => post(`/held-replies/${h.id}/cancel`)))}
          >
            {editing ? t('approvals.cancel') : h.status === 'rejected' || h.status === 'failed' ? t('held.dismiss') : t('held.cancel')}
          </button>
        )}
      </div>
      {approver && h.status === 'proposed' && <ApprovalActions h={h} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
