import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { post } from '../api/client';
import { keys, useQueue, useViews } from '../api/queries';
import type { QueueRow } from '../api/types';
import { t } from '../i18n';
import { isFolder, NEEDS_REPLY, viewFilters } from '../lib/views';
import { urlFilters } from '../lib/filters';
import { useSession } from '../session';
import { ConversationView } from './conversation';
import { HelpOverlay } from './help-overlay';
import { MacroPalette } from './macro-menu';
import { Queue } from './queue';
import { Sidebar } from './sidebar';

/** Where shortcuts must not fire: while typing, or inside an open dialog. */
const typingIn = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/**
 * The three panes agents work in: views, the queue, the open conversation (with its contact).
 * On a phone only one pane shows at a time. Keyboard: j/k, Enter, x, r, n, e, a, !, m (macros; also Ctrl+K), /, ?, Esc.
 */
export function Inbox({ view, convId }: { view: string; convId?: string }) {
  const search = useSearch();
  const params = new URLSearchParams(search);
  // The folders (Spam, Removed) hold conversations in any status; the queue's views show open ones.
  const status = params.get('status') ?? (isFolder(view) ? '' : 'open');
  const sort = params.get('sort') ?? (view === NEEDS_REPLY ? 'oldest_waiting' : 'newest');
  const q = params.get('q') ?? '';
  const priority = params.get('priority') ?? '';
  const views = useViews();
  // The filter bar's fields (tag, sentiment, …) from the URL, on top of the view's own filters.
  const fromUrl = useMemo(() => urlFilters(new URLSearchParams(search)), [search]);
  const filters = useMemo(() => {
    const f: Record<string, string> = { sort, ...viewFilters(view, views.data), ...fromUrl };
    if (status) f.status = status;
    if (q) f.q = q;
    if (priority) f.priority = priority;
    return f;
  }, [view, views.data, status, sort, q, priority, fromUrl]);
  const queue = useQueue(filters);
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.conversations) ?? [], [queue.data]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [palette, setPalette] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const [, navigate] = useLocation();
  const { canSomewhere } = useSession();
  const qc = useQueryClient();
  const composerRef = useRef<{ focus: (mode: 'reply' | 'note') => void; assign: () => void; spam: () => void } | null>(null);
  const suffix = search ? `?${search}` : '';

  const open = useCallback((id: string) => navigate(`/inbox/${view}/${id}${suffix}`), [navigate, view, suffix]);
  const index = rows.findIndex((r) => r.id === convId);

  // Resolving moves on to the next conversation, however it was resolved (`e`, the Resolve
  // button, "Send and resolve"), so the agent's hands stay on the queue.
  const moveOn = useCallback(
    (id: string) => {
      void qc.invalidateQueries({ queryKey: keys.queues });
      void qc.invalidateQueries({ queryKey: keys.counts });
      void qc.invalidateQueries({ queryKey: keys.conversation(id) });
      void qc.invalidateQueries({ queryKey: ['contact'] });
      const at = rows.findIndex((r) => r.id === id);
      const next = at < 0 ? undefined : (rows[at + 1] ?? rows[at - 1]);
      if (next && next.id !== id) open(next.id);
    },
    [qc, rows, open],
  );
  const resolve = useCallback(
    async (id: string) => {
      const ok = await post(`/conversations/${id}/status`, { status: 'resolved' }).then(
        () => true,
        () => false,
      );
      if (ok) moveOn(id);
    },
    [moveOn],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      // Ctrl+K / ⌘K: the macro palette, from anywhere in the inbox (even while typing).
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k' && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        setPalette(true);
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'Escape') {
        if (help) setHelp(false);
        else if (typingIn(e.target)) (e.target as HTMLElement).blur();
        else if (convId) navigate(`/inbox/${view}${suffix}`);
        return;
      }
      if (typingIn(e.target) || document.querySelector('dialog[open]')) return;
      const go = (i: number) => {
        const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
        if (r) {
          open(r.id);
          document.getElementById(`row-${r.id}`)?.scrollIntoView({ block: 'nearest' });
        }
      };
      switch (e.key) {
        case 'j':
          go(index + 1);
          break;
        case 'k':
          go(index < 0 ? 0 : index - 1);
          break;
        case 'x':
          if (convId) setSelected((s) => toggle(s, convId));
          break;
        case 'r':
          if (convId && canSomewhere('conversations.note')) composerRef.current?.focus('reply');
          break;
        case 'n':
          if (convId && canSomewhere('conversations.note')) composerRef.current?.focus('note');
          break;
        case 'e':
          if (convId && canSomewhere('conversations.triage')) void resolve(convId);
          break;
        case 'a':
          if (convId && canSomewhere('conversations.assign')) composerRef.current?.assign();
          break;
        case '!':
          if (convId && canSomewhere('conversations.triage')) composerRef.current?.spam();
          break;
        case '/':
          document.getElementById('queue-search')?.focus();
          break;
        case '?':
          setHelp(true);
          break;
        case 'm':
          setPalette(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, index, convId, help, open, navigate, view, suffix, canSomewhere, resolve]);

  const setParams = (updates: Record<string, string>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(updates)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    navigate(`/inbox/${view}${convId ? `/${convId}` : ''}?${p.toString()}`);
  };
  const setParam = (k: string, v: string) => setParams({ [k]: v });

  return (
    <div className={convId ? 'inbox has-conv' : 'inbox'}>
      <a className="skip-link" href="#conversation">
        {t('app.skip')}
      </a>
      <Sidebar view={view} filters={filters} onHelp={() => setHelp(true)} open={navOpen} onClose={() => setNavOpen(false)} />
      {navOpen && <div className="scrim" onClick={() => setNavOpen(false)} aria-hidden="true" />}
      <Queue
        rows={rows as QueueRow[]}
        loading={queue.isPending}
        error={queue.error}
        hasMore={!!queue.hasNextPage}
        loadMore={() => void queue.fetchNextPage()}
        view={view}
        activeId={convId}
        onOpen={open}
        selected={selected}
        setSelected={setSelected}
        status={status}
        sort={sort}
        priority={priority}
        q={q}
        filterValues={fromUrl}
        filters={filters}
        setParam={setParam}
        setParams={setParams}
        onMenu={() => setNavOpen(true)}
      />
      <ConversationView
        key={convId ?? 'none'}
        id={convId}
        onBack={() => navigate(`/inbox/${view}${suffix}`)}
        onResolve={resolve}
        onMoveOn={moveOn}
        handle={composerRef}
      />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {palette && <MacroPalette ids={selected.size ? [...selected].slice(0, 100) : convId ? [convId] : []} onClose={() => setPalette(false)} />}
    </div>
  );
}

export function toggle(s: Set<string>, id: string) {
  const n = new Set(s);
  if (n.has(id)) n.delete(id);
  else n.add(id);
  return n;
}
