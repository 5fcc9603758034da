import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { get, post } from '../../api/client';
import { errorText } from '../../api/error-text';
import { keys } from '../../api/queries';
import type { QueueRow } from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import { dateTime } from '../../lib/time';
import './merge.css';

/** A conversation as the picker lists it. */
type Candidate = Pick<QueueRow, 'id' | 'kind' | 'status' | 'lastMessageAt' | 'channel' | 'lastMessage'>;

/** Short form of a conversation id, as the thread's merge marker shows it. */
export const shortId = (id: string) => id.slice(-6).toUpperCase();

/**
 * "Merge into…" (README "Merging conversations"): the same customer's other conversations, a
 * filter, one pick. `sourceIds` are merged INTO the picked one; `onMerged` gets its id.
 */
export function MergeDialog(p: {
  title: string;
  intro: string;
  /** Fixed choices (the queue's selection); absent = the contact's other conversations. */
  candidates?: Candidate[];
  contactId?: string;
  /** The conversations that move; a pick among them merges the others into it. */
  sourceIds: string[];
  onClose: () => void;
  onMerged: (targetId: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const qc = useQueryClient();
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const listed = useQuery({
    queryKey: ['merge-candidates', p.contactId ?? ''],
    enabled: !p.candidates && !!p.contactId,
    queryFn: () =>
      get<{ conversations: QueueRow[] }>(`/conversations?contact=${encodeURIComponent(p.contactId!)}&status=open,pending,snoozed,resolved&limit=50`).then(
        (r) => r.conversations,
      ),
  });
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => back?.focus();
  }, []);

  const all = (p.candidates ?? listed.data ?? []).filter((c) => p.candidates || !p.sourceIds.includes(c.id));
  const needle = filter.trim().toLowerCase();
  const shown = needle ? all.filter((c) => label(c).toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle)) : all;

  const submit = async () => {
    if (!picked) return;
    setBusy(true);
    setFailure(null);
    try {
      await post(`/conversations/${picked}/merge`, { sourceIds: p.sourceIds.filter((s) => s !== picked) });
      void qc.invalidateQueries({ queryKey: keys.queues });
      void qc.invalidateQueries({ queryKey: keys.conversation(picked) });
      for (const s of p.sourceIds) void qc.invalidateQueries({ queryKey: keys.conversation(s) });
      p.onMerged(picked);
    } catch (e) {
      setFailure(t('merge.failed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog app-dialog merge-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="merge-dialog"
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={`${id}-title`}>{p.title}</h2>
        <p>{p.intro}</p>
        <label>
          {t('merge.search')}
          <input value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" maxLength={100} />
        </label>
        {!p.candidates && listed.isPending ? (
          <p role="status">{t('merge.loading')}</p>
        ) : shown.length === 0 ? (
          <p role="status">{t('merge.none')}</p>
        ) : (
          <fieldset className="merge-options">
            <legend className="sr-only">{t('merge.pick')}</legend>
            {shown.map((c) => (
              <label key={c.id} className={picked === c.id ? 'merge-option picked' : 'merge-option'} data-testid="merge-option">
                <input type="radio" name={`${id}-target`} value={c.id} checked={picked === c.id} onChange={() => setPicked(c.id)} />
                <span className="merge-option-id">#{shortId(c.id)}</span> <span>{label(c)}</span>
                {c.lastMessage && <span className="merge-option-text">{c.lastMessage.body}</span>}
              </label>
            ))}
          </fieldset>
        )}
        {failure && (
          <p className="form-error" role="alert">
            {failure}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn ghost" onClick={p.onClose}>
            {t('merge.cancel')}
          </button>
          <button className="btn primary" disabled={!picked || busy}>
            {t('merge.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function label(c: Candidate): string {
  return t('merge.option', {
    kind: t(`kindShort.${c.kind}` as MessageKey),
    channel: c.channel?.name ?? '',
    status: t(`status.${c.status}` as MessageKey),
    time: dateTime(c.lastMessageAt),
  });
}
