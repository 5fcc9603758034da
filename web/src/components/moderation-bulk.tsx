import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { errorText, sentence } from '../api/error-text';
import { keys } from '../api/queries';
import type { QueueRow } from '../api/types';
import { t } from '../i18n';
import { useSession } from '../session';
import { useDialogs } from './dialog';

interface BulkModerationResult {
  results: Array<{ id: string; queued: number; skipped: string[] }>;
}

/**
 * The queue's bulk "Hide comments" / "Delete comments" for the selected public conversations:
 * every customer comment in them the network allows is queued through the outbox; the server
 * says per conversation what it skipped and why, summed up here in one line.
 */
export function BulkModeration({ selected, rows }: { selected: Set<string>; rows: QueueRow[] }) {
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const { canSomewhere } = useSession();
  const [msg, setMsg] = useState<string | null>(null);
  const ids = rows.filter((r) => selected.has(r.id) && r.visibility === 'public').map((r) => r.id);
  if (!canSomewhere('conversations.moderate') || !ids.length) return null;

  async function run(action: 'hide' | 'delete') {
    setMsg(null);
    if (
      action === 'delete' &&
      !(await dialogs.confirm({
        title: t('bulk.confirmDelete', { n: ids.length }),
        body: t('bulk.confirmDeleteBody'),
        confirmLabel: t('bulk.delete'),
        danger: true,
      }))
    )
      return;
    try {
      const r = await post<BulkModerationResult>('/conversations/bulk-moderation', { ids: ids.slice(0, 100), action });
      const queued = r.results.reduce((n, x) => n + x.queued, 0);
      const skipped = r.results.filter((x) => !x.queued && x.skipped.length);
      const parts = [t('bulk.moderated', { n: queued })];
      if (skipped.length) parts.push(t('bulk.moderationSkipped', { n: skipped.length, reason: sentence(skipped[0]!.skipped[0]!) }));
      setMsg(parts.join(' · '));
    } catch (e) {
      setMsg(errorText(e));
    }
    void qc.invalidateQueries({ queryKey: keys.queues });
    for (const id of ids) void qc.invalidateQueries({ queryKey: keys.conversation(id) });
  }

  return (
    <>
      <button className="btn small" onClick={() => void run('hide')}>
        {t('bulk.hide')}
      </button>
      <button className="btn small danger" onClick={() => void run('delete')}>
        {t('bulk.delete')}
      </button>
      {msg && (
        <span className="bulk-msg" role="status" data-testid="bulk-moderation-msg">
          {msg}
        </span>
      )}
    </>
  );
}
