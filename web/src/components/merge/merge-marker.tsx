import type { ConversationDetail, Message } from '../../api/types';
import { t } from '../../i18n';
import { dateTime } from '../../lib/time';
import { shortId } from './merge-dialog';

/**
 * "Conversation #X merged here by Y at Z", one line per conversation merged into this one, always
 * shown (whatever the activity toggle says): the thread reads differently after a merge.
 */
export function MergeMarkers({ c }: { c: ConversationDetail }) {
  if (!c.mergedFrom?.length) return null;
  return (
    <>
      {c.mergedFrom.map((m) => (
        <p key={m.id} className="merge-marker" data-testid="merge-marker" role="note">
          {m.by
            ? t('merge.marker', { id: shortId(m.id), who: m.by.name, time: dateTime(m.at) })
            : t('merge.markerSystem', { id: shortId(m.id), time: dateTime(m.at) })}
        </p>
      ))}
    </>
  );
}

/** On a message a merge brought here: which conversation (network thread) it belongs to. */
export function OriginTag({ m }: { m: Message }) {
  if (!m.originConversationId) return null;
  return (
    <span className="msg-origin" data-testid="message-origin" title={m.originConversationId}>
      {t('merge.from', { id: shortId(m.originConversationId) })}
    </span>
  );
}
