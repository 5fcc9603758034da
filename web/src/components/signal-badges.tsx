import type { ConversationBase, PriorityReason } from '../api/types';
import './signals.css';
import { t, type MessageKey } from '../i18n';

/** Likely trolls, the same cut as the API's troll filter (src/enrich/troll.ts TROLL_LEANING). */
export const TROLL_LEANING = 0.5;

/** A reason in the reader's words (signals.reason.<code>), or the server's English for a code this app does not know. */
export function reasonText(r: PriorityReason): string {
  const key = `signals.reason.${r.code}` as MessageKey;
  const text = t(key, { detail: r.detail ?? '' });
  return text === key ? r.reason : text;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The priority's tooltip: level, score and the parts that add up to it (or that an agent set it by hand). */
export function priorityTitle(c: Pick<ConversationBase, 'priority' | 'signals'>): string {
  const level = t(`priority.${c.priority}`);
  const p = c.signals?.priority;
  if (!p) return t('queue.priority', { level });
  if (p.pinned) return t('signals.pinnedTitle', { level });
  if (!p.reasons.length) return t('signals.priorityTitleNone', { level, score: p.score });
  return t('signals.priorityTitle', { level, score: p.score, reasons: p.reasons.map((r) => `${reasonText(r)} ${signed(r.points)}`).join(', ') });
}

/**
 * Compact badges for a conversation's signals: priority (with why), intent (how sure), needs a
 * reply (while nobody answered), troll score (when it leans troll). Each badge is focusable and
 * carries its reason as title and accessible name, so hover and keyboard read the same.
 */
export function SignalBadges({ c, className }: { c: ConversationBase; className?: string }) {
  const s = c.signals;
  const level = t(`priority.${c.priority}`);
  const showPriority = c.priority !== 'none';
  const waiting = !!c.waitingSince;
  const troll = s?.trollScore ?? null;
  if (!showPriority && !s) return null;
  return (
    <span className={['signal-badges', className].filter(Boolean).join(' ')} role="list" aria-label={t('signals.badges')}>
      {showPriority && (
        <Badge className={`chip prio ${c.priority}${s?.priority.pinned ? ' pinned' : ''}`} testId="priority-badge" title={priorityTitle(c)} text={level} />
      )}
      {s?.intent && (
        <Badge
          className={`chip signal intent ${s.intent.label}`}
          testId="intent-badge"
          title={
            s.intent.confidence === null
              ? t('signals.intentTitleNoConfidence', { intent: t(`intent.${s.intent.label}` as MessageKey) })
              : t('signals.intentTitle', { intent: t(`intent.${s.intent.label}` as MessageKey), confidence: Math.round(s.intent.confidence * 100) })
          }
          text={t(`intent.${s.intent.label}` as MessageKey)}
        />
      )}
      {s?.needsReply && waiting && (
        <Badge className="chip signal needs-reply" testId="needs-reply-badge" title={t('signals.needsReplyTitle')} text={t('signals.needsReply')} />
      )}
      {troll !== null && troll >= TROLL_LEANING && (
        <Badge
          className="chip signal troll"
          testId="troll-badge"
          title={t('signals.trollTitle', { score: troll.toFixed(2) })}
          text={t('signals.troll', { score: troll.toFixed(1) })}
        />
      )}
    </span>
  );
}

function Badge(p: { className: string; testId: string; title: string; text: string }) {
  return (
    <span role="listitem" className={p.className} data-testid={p.testId} title={p.title} aria-label={`${p.text}: ${p.title}`} tabIndex={0}>
      {p.text}
    </span>
  );
}
