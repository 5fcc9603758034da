import type { QueueRow } from '../api/types';
import { t } from '../i18n';
import './approvals.css';

/**
 * A queue row's held replies: "Reply proposed" while one waits for an approver (so a lead sees
 * where a decision is needed without opening each conversation), "Reply scheduled" while one waits
 * for its time. Older servers send no `held`: nothing shown.
 */
export function HeldRowChips({ held }: { held: QueueRow['held'] }) {
  if (!held) return null;
  return (
    <>
      {held.proposed > 0 && (
        <span className="held-chip proposed" data-testid="row-proposed" title={t('held.rowProposedTitle', { n: held.proposed })}>
          {t('held.rowProposed')}
        </span>
      )}
      {held.scheduled > 0 && (
        <span className="held-chip scheduled" data-testid="row-scheduled" title={t('held.rowScheduledTitle', { n: held.scheduled })}>
          {t('held.rowScheduled')}
        </span>
      )}
    </>
  );
}
