import { useQueryClient } from '@tanstack/react-query';
import { useState, type Dispatch, type SetStateAction } from 'react';
import { Link } from 'wouter';
import { ApiError, isMissing, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useCounts, useMemberNames, useMembers } from '../api/queries';
import { PRIORITIES, type QueueRow } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { ago, clock, duration } from '../lib/time';
import { useSession } from '../session';
import { isFolder } from '../lib/views';
import { toggle } from './inbox';
import { TagChip } from './tag-chip';
import { FilterBar } from './filter-bar';
import type { FilterField } from '../lib/filters';
import { TagOptions } from './tag-options';
import { BulkModeration } from './moderation-bulk';
import { MergeDialog } from './merge/merge-dialog';
import { MacroMenu } from './macro-menu';
import { Avatar, Highlighted, VisibilityBadge } from './bits';
import { SignalBadges } from './signal-badges';
import { HeldRowChips } from '../approvals/held-row-chips';

interface Props {
  rows: QueueRow[];
  loading: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore: () => void;
  /** The view id in the URL (mine, unassigned, all, …). */
  view: string;
  activeId?: string;
  onOpen: (id: string) => void;
  selected: Set<string>;
  setSelected: Dispatch<SetStateAction<Set<string>>>;
  status: string;
  sort: string;
  /** Minimum priority filter ('' = any). */
  priority: string;
  q: string;
  /** The filter bar's fields in the URL, and every filter the queue is listed with (for "Save as view"). */
  filterValues: Partial<Record<FilterField, string>>;
  filters: Record<string, string>;
  setParam: (k: string, v: string) => void;
  setParams: (updates: Record<string, string>) => void;
  onMenu: () => void;
}

/** The queue: filters and sort on top, bulk actions when rows are selected, one row per conversation. */
export function Queue(p: Props) {
  const { canSomewhere } = useSession();
  // Selecting rows is for the bulk bar: assigning, tagging or changing status (checked per conversation by the server).
  const bulk = canSomewhere('conversations.assign') || canSomewhere('conversations.triage') || canSomewhere('conversations.moderate');
  const names = useMemberNames();
  const [search, setSearch] = useState(p.q);
  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));

  return (
    <section className="queue" aria-label={t('queue.title')}>
      <header className="queue-head">
        <button className="icon-btn menu-btn" aria-label={t('nav.menu')} onClick={p.onMenu}>
          ☰
        </button>
        <form
          role="search"
          className="queue-search"
          onSubmit={(e) => {
            e.preventDefault();
            p.setParam('q', search.trim());
          }}
        >
          <label className="sr-only" htmlFor="queue-search">
            {t('filter.search')}
          </label>
          <input
            id="queue-search"
            type="search"
            placeholder={t('filter.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onBlur={() => search.trim() !== p.q && p.setParam('q', search.trim())}
          />
        </form>
        <div className="queue-filters">
          <label className="sr-only" htmlFor="status-filter">
            {t('filter.status')}
          </label>
          <select id="status-filter" value={p.status} onChange={(e) => p.setParam('status', e.target.value)}>
            {isFolder(p.view) && <option value="">{t('filter.anyStatus')}</option>}
            {(['open', 'pending', 'snoozed', 'resolved'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="sort-filter">
            {t('sort.label')}
          </label>
          <select id="sort-filter" value={p.sort} onChange={(e) => p.setParam('sort', e.target.value)}>
            {(['newest', 'oldest_waiting', 'priority', 'sla_due'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`sort.${s}`)}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="priority-filter">
            {t('filter.priority')}
          </label>
          <select id="priority-filter" value={p.priority} onChange={(e) => p.setParam('priority', e.target.value)}>
            <option value="">{t('filter.anyPriority')}</option>
            {PRIORITIES.filter((l) => l !== 'none').map((l) => (
              <option key={l} value={l}>
                {l === 'urgent' ? t('priority.urgent') : t('filter.atLeast', { level: t(`priority.${l}`) })}
              </option>
            ))}
          </select>
        </div>
      </header>
      <FilterBar values={p.filterValues} setParams={p.setParams} filters={p.filters} />
      {bulk && p.selected.size > 0 && <BulkBar selected={p.selected} rows={p.rows} clear={() => p.setSelected(new Set())} inSpam={p.view === 'spam'} />}
      {p.error && (
        <p className="queue-msg" role="alert">
          {errorText(p.error)}
        </p>
      )}
      {!p.loading && !p.error && p.rows.length === 0 && <EmptyQueue view={p.view} status={p.status} />}
      <ul className="queue-list" aria-label={t('queue.title')}>
        {bulk && p.rows.length > 0 && (
          <li className="queue-selectall">
            <label>
              <input type="checkbox" checked={allSelected} onChange={() => p.setSelected(allSelected ? new Set() : new Set(p.rows.map((r) => r.id)))} />{' '}
              {t('queue.selectAll')}
            </label>
          </li>
        )}
        {p.rows.map((r) => {
          const name = r.contact.name ?? t('queue.unknownContact');
          const assignee = r.assigneeId ? names.get(r.assigneeId)?.name : null;
          const active = r.id === p.activeId;
          return (
            <li
              key={r.id}
              id={`row-${r.id}`}
              className={['queue-row', active && 'active', r.unread > 0 && 'unread', p.selected.has(r.id) && 'checked'].filter(Boolean).join(' ')}
              data-testid="queue-row"
            >
              {bulk && (
                <input
                  type="checkbox"
                  className="row-check"
                  aria-label={t('queue.select', { name })}
                  checked={p.selected.has(r.id)}
                  onChange={() => p.setSelected((s) => toggle(s, r.id))}
                />
              )}
              <div className="row-body">
                <button className="row-main" onClick={() => p.onOpen(r.id)} aria-current={active ? 'true' : undefined}>
                  <span className="row-top">
                    {r.unread > 0 && <span className="unread-dot" aria-label={t('queue.unread', { n: r.unread })} />}
                    <span className="row-name">{name}</span>
                    <span className="row-time" title={r.lastMessageAt ?? ''}>
                      {ago(r.lastMessageAt)}
                    </span>
                  </span>
                  {r.match ? (
                    <span className="row-preview row-match" data-testid="search-match">
                      <span className="chip subtle">{t(`match.${r.match.field}` as MessageKey)}</span>{' '}
                      <Highlighted text={r.match.snippet} ranges={r.match.highlight} />
                    </span>
                  ) : (
                    <span className={r.lastMessage?.deleted ? 'row-preview deleted' : 'row-preview'}>
                      {r.lastMessage?.deleted ? t('queue.deletedMessage') : r.lastMessage?.body || t('queue.noPreview')}
                    </span>
                  )}
                  <span className="row-meta">
                    <VisibilityBadge visibility={r.visibility} compact />
                    <span className="chip">{t(`kindShort.${r.kind}` as MessageKey)}</span>
                    {r.channel && <span className="chip subtle">{r.channel.name}</span>}
                    {r.spam && <span className="chip spam">{t('queue.spamChip')}</span>}
                    {r.sentiment === 'negative' && <span className="chip sentiment negative">{t('conv.sentiment.negative')}</span>}
                    {r.tags.slice(0, 3).map((tag) => (
                      <TagChip key={tag} tag={tag} />
                    ))}
                    <HeldRowChips held={r.held} />
                    {r.sla && <SlaBadge sla={r.sla} />}
                    {r.waitingSince && !r.spam && !r.removedAt && <span className="waiting">{t('queue.waiting', { time: ago(r.waitingSince) })}</span>}
                    {assignee && <Avatar name={assignee} label={t('queue.assignedTo', { name: assignee })} />}
                  </span>
                </button>
                {/* Outside the row's button: each badge is focusable and tells its reason (signal-badges.tsx). */}
                <SignalBadges c={r} className="row-signals" />
              </div>
            </li>
          );
        })}
      </ul>
      {p.hasMore && (
        <button className="btn ghost wide" onClick={p.loadMore}>
          {t('queue.loadMore')}
        </button>
      )}
    </section>
  );
}

/**
 * An empty queue. "Mine" being empty is not "all done" while conversations wait for someone to
 * take them: then it says so and links to Unassigned.
 */
function EmptyQueue({ view, status }: { view: string; status: string }) {
  const counts = useCounts();
  const waiting = counts.data?.open.unassigned ?? 0;
  if (isFolder(view))
    return (
      <p className="queue-msg empty" data-testid="queue-empty">
        {view === 'spam' ? t('queue.emptySpam') : t('queue.emptyRemoved')}
      </p>
    );
  if (view === 'mine' && status === 'open' && waiting > 0)
    return (
      <div className="queue-msg empty" data-testid="queue-empty">
        <p>{t('queue.emptyMine')}</p>
        <p>
          {waiting === 1 ? t('queue.unassignedWaitingOne') : t('queue.unassignedWaiting', { n: waiting })}{' '}
          <Link href="/inbox/unassigned">{t('queue.openUnassigned')}</Link>
        </p>
      </div>
    );
  return (
    <p className="queue-msg empty" data-testid="queue-empty">
      {view === 'needs-reply' ? t('queue.emptyNeedsReply') : t('queue.empty')}
    </p>
  );
}

/** Time left on the row's nearest SLA target, or "breached" once its due time has passed (src/sla). */
function SlaBadge({ sla }: { sla: NonNullable<QueueRow['sla']> }) {
  const left = Date.parse(sla.dueAt) - Date.now();
  const breached = sla.breached || left <= 0;
  return (
    <span
      className={`chip sla ${breached ? 'breached' : left < 15 * 60_000 ? 'soon' : ''}`}
      data-testid="sla-badge"
      data-breached={breached ? 'true' : 'false'}
      title={t('queue.slaTitle', { target: t(`sla.${sla.target}` as MessageKey), when: clock(sla.dueAt) })}
    >
      {breached ? t('queue.slaBreached') : t('queue.slaLeft', { time: duration(left) })}
    </span>
  );
}

function BulkBar({ selected, rows, clear, inSpam }: { selected: Set<string>; rows: QueueRow[]; clear: () => void; inSpam: boolean }) {
  const qc = useQueryClient();
  const members = useMembers();
  const [tag, setTag] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const { canSomewhere } = useSession();
  const picked = rows.filter((r) => selected.has(r.id));

  async function run(body: Record<string, unknown>) {
    setMsg(null);
    try {
      const r = await post<{ updated: number; errors: unknown[] }>('/conversations/bulk', { ids: [...selected].slice(0, 100), ...body });
      setMsg(r.errors.length ? t('bulk.errors', { n: r.errors.length }) : t('bulk.done', { n: r.updated }));
      // Resolved rows leave the open queue, so their selection goes too; after tagging or
      // assigning the same rows are still there, often for a next step (tag, then assign).
      if (!r.errors.length && (body.status || body.spam !== undefined)) clear();
    } catch (e) {
      setMsg(e instanceof ApiError && e.status === 404 && isMissing(e) ? t('bulk.unavailable') : errorText(e));
    }
    void qc.invalidateQueries({ queryKey: keys.queues });
    void qc.invalidateQueries({ queryKey: keys.counts });
  }

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('queue.selected', { n: selected.size })}>
      <span className="bulk-count">{t('queue.selected', { n: selected.size })}</span>
      <label className="sr-only" htmlFor="bulk-assign">
        {t('bulk.assignTo')}
      </label>
      <select
        id="bulk-assign"
        value=""
        onChange={(e) => {
          if (e.target.value) void run({ assigneeId: e.target.value === '-' ? null : e.target.value });
        }}
      >
        <option value="">{t('bulk.assign')}</option>
        <option value="-">{t('bulk.unassign')}</option>
        {(members.data ?? [])
          .filter((m) => m.role !== 'viewer')
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </select>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) void run({ addTags: [tag.trim()] }).then(() => setTag(''));
        }}
      >
        <label className="sr-only" htmlFor="bulk-tag">
          {t('bulk.tag')}
        </label>
        <input id="bulk-tag" placeholder={t('bulk.tagPlaceholder')} value={tag} onChange={(e) => setTag(e.target.value)} size={8} list="bulk-tag-options" />
        <TagOptions id="bulk-tag-options" />
        <button className="btn small">{t('bulk.tag')}</button>
      </form>
      <button className="btn small" onClick={() => void run({ status: 'resolved' })}>
        {t('bulk.resolve')}
      </button>
      {/* Spam leaves the queue for the Spam folder; there, the same place offers the way back. */}
      <button className="btn small" onClick={() => void run({ spam: !inSpam })}>
        {inSpam ? t('bulk.notSpam') : t('bulk.spam')}
      </button>
      <BulkModeration selected={selected} rows={rows} />
      {/* Merging: two or more of one customer's conversations into one of them (the server checks). */}
      {picked.length >= 2 && canSomewhere('conversations.triage') && (
        <button className="btn small" onClick={() => setMerging(true)} data-testid="bulk-merge">
          {t('bulk.merge')}
        </button>
      )}
      {merging && (
        <MergeDialog
          title={t('bulk.mergeTitle', { n: picked.length })}
          intro={t('bulk.mergeIntro')}
          candidates={picked}
          sourceIds={picked.map((r) => r.id)}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            clear();
            void qc.invalidateQueries({ queryKey: keys.counts });
          }}
        />
      )}
      <MacroMenu bulk ids={[...selected].slice(0, 100)} onMessage={setMsg} />
      <button className="icon-btn subtle" aria-label={t('bulk.clear')} onClick={clear}>
        ×
      </button>
      {msg && (
        <span className="bulk-msg" role="status">
          {msg}
        </span>
      )}
    </div>
  );
}
