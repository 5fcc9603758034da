import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, qs } from '../api/client';
import type { AuditEntry } from '../api/types';
import { t, type MessageKey } from '../i18n';

/** Action prefixes an admin filters by, in the words of the screen. */
const FILTERS: Array<[string, MessageKey]> = [
  ['', 'audit.all'],
  ['channel.', 'audit.channels'],
  ['member.', 'audit.members'],
  ['team.', 'audit.teams'],
  ['contact.', 'audit.contacts'],
  ['sla_policy.', 'audit.settings'],
  ['saved_reply.', 'audit.replies'],
  ['retention.', 'audit.retention'],
];

/** The workspace's audit trail: newest first, filtered by kind, exportable as CSV. Admins only (the API enforces it). */
export function AuditLog({ admin }: { admin: boolean }) {
  const [action, setAction] = useState('');
  const log = useInfiniteQuery({
    queryKey: ['audit', action],
    enabled: admin,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      get<{ items: AuditEntry[]; nextCursor: string | null }>(`/audit${qs({ action: action || undefined, cursor: pageParam || undefined, limit: 50 })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (!admin)
    return (
      <section className="card">
        <h2>{t('settings.audit')}</h2>
        <p className="muted">{t('settings.adminOnly')}</p>
      </section>
    );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card">
      <h2>{t('settings.audit')}</h2>
      <p className="muted">{t('audit.help')}</p>
      <div className="row">
        <label>
          {t('audit.filter')}{' '}
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            {FILTERS.map(([v, label]) => (
              <option key={v} value={v}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <a className="btn ghost small" href={`/api/v1/audit/export.csv${qs({ action: action || undefined })}`} download>
          {t('audit.export')}
        </a>
      </div>
      {log.isSuccess && items.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <table className="audit-table" data-testid="audit-log">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.what')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
                </td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                  {e.targetId && <div className="muted small">{e.targetId}</div>}
                </td>
                <td>
                  <code>{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button className="btn ghost small" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
