import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import { t } from '../i18n';
import { heldKeys, type HeldReply } from './api';

/** Accept, edit then accept, or reject with a reason: the approver's three answers to a proposed reply. */
export function ApprovalActions({ h }: { h: HeldReply }) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<'idle' | 'edit' | 'reject'>('idle');
  const [text, setText] = useState(h.text);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(path: string, body: unknown) {
    setBusy(true);
    setError(null);
    try {
      await post(`/held-replies/${h.id}/${path}`, body);
      setMode('idle');
      void qc.invalidateQueries({ queryKey: heldKeys.all });
      void qc.invalidateQueries({ queryKey: heldKeys.approvals });
      void qc.invalidateQueries({ queryKey: keys.conversation(h.conversationId) });
    } catch (e) {
      setError(t('approvals.error', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="approval-actions" data-testid="approval-actions">
      {mode === 'edit' && <textarea aria-label={t('held.editLabel')} value={text} rows={3} onChange={(e) => setText(e.target.value)} />}
      {mode === 'reject' && (
        <input aria-label={t('approvals.rejectReason')} placeholder={t('approvals.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      )}
      <div className="row">
        {mode === 'idle' && (
          <>
            <button className="btn primary small" disabled={busy} onClick={() => void act('approve', {})}>
              {t('approvals.accept')}
            </button>
            <button className="btn small" disabled={busy} onClick={() => setMode('edit')}>
              {t('approvals.editAccept')}
            </button>
            <button className="btn ghost small" disabled={busy} onClick={() => setMode('reject')}>
              {t('approvals.reject')}
            </button>
          </>
        )}
        {mode === 'edit' && (
          <button className="btn primary small" disabled={busy || !text.trim()} onClick={() => void act('approve', { text })}>
            {t('approvals.acceptEdited')}
          </button>
        )}
        {mode === 'reject' && (
          <button className="btn danger small" disabled={busy || !reason.trim()} onClick={() => void act('reject', { reason })}>
            {t('approvals.confirmReject')}
          </button>
        )}
        {mode !== 'idle' && (
          <button className="btn ghost small" disabled={busy} onClick={() => setMode('idle')}>
            {t('approvals.cancel')}
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
