import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useMemberNames } from '../api/queries';
import type { ConversationDetail } from '../api/types';
import { t } from '../i18n';

export interface SpamToggle {
  busy: boolean;
  failure: string | null;
  /** Marks spam, or "Not spam" when it is spam already (the button and the `!` shortcut). */
  toggle: () => Promise<void>;
}

/**
 * Spam by hand: marking takes the conversation out of the queue, so the agent moves on to the
 * next one (as after resolving); "Not spam" puts it back where it was and stays on it.
 */
export function useSpamToggle(c: ConversationDetail | undefined, onMoveOn: (id: string) => void): SpamToggle {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  async function toggle() {
    if (!c || busy) return;
    const marking = !c.spam;
    setBusy(true);
    setFailure(null);
    try {
      await post(`/conversations/${c.id}/${marking ? 'spam' : 'not-spam'}`);
      if (marking) onMoveOn(c.id);
      else {
        void qc.invalidateQueries({ queryKey: keys.queues });
        void qc.invalidateQueries({ queryKey: keys.counts });
      }
      void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
    } catch (e) {
      setFailure(t('conv.actionFailed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  }
  return { busy, failure, toggle };
}

export function SpamButton({ c, spam }: { c: ConversationDetail; spam: SpamToggle }) {
  return (
    <button className="btn ghost small" data-testid="spam-toggle" disabled={spam.busy} onClick={() => void spam.toggle()} aria-keyshortcuts="!">
      {c.spam ? t('spam.unmark') : t('spam.mark')}
    </button>
  );
}

/** Why the conversation is out of the queue, in one calm sentence: spam (by whom or why) or removed. */
export function OutOfQueueNotice({ c, failure }: { c: ConversationDetail; failure: string | null }) {
  const names = useMemberNames();
  const s = c.spam;
  let text: string | null = null;
  if (s?.source === 'triage') {
    const score = (s.score ?? 0).toFixed(2);
    text = s.signal === 'troll' ? t('spam.byTriageTroll', { score }) : t('spam.byTriageSpam', { score });
  } else if (s) text = t('spam.byAgent', { name: (s.by && names.get(s.by)?.name) || t('spam.someone') });
  else if (c.removedAt) text = t('spam.removed');
  return (
    <>
      {text && (
        <p className="out-of-queue" role="note" data-testid="out-of-queue">
          {text}
        </p>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </>
  );
}
