import type { Counts, Kind, SavedView } from '../api/types';

export const KINDS: Kind[] = ['dm', 'comment', 'mention', 'review', 'email', 'chat'];

/**
 * A view id in the URL (/inbox/<view>) → the queue filters it stands for. Built-in views:
 * mine, unassigned, all, needs-reply, team-<id>, channel-<id>, kind-<kind>, and the folders of what is out of
 * the queue: spam, removed; saved views: saved-<id>.
 */
export function viewFilters(view: string, saved: SavedView[] | null | undefined): Record<string, string> {
  if (view === 'mine') return { assignee: 'me' };
  if (view === 'unassigned') return { assignee: 'none' };
  // Built in: what triage says needs an answer and nobody answered (README "Signals and priority").
  if (view === NEEDS_REPLY) return { needsReply: 'true' };
  if (isFolder(view)) return { folder: view };
  if (view.startsWith('team-')) return { team: view.slice(5) };
  if (view.startsWith('channel-')) return { channel: view.slice(8) };
  if (view.startsWith('kind-')) return { kind: view.slice(5) };
  if (view.startsWith('saved-')) {
    const v = saved?.find((s) => s.id === view.slice(6));
    if (v) return Object.fromEntries(Object.entries(v.filters).map(([k, val]) => [k, String(val)]));
  }
  return {};
}

/** The built-in "Needs a reply" view's id; it lists oldest waiting first unless the URL sorts otherwise. */
export const NEEDS_REPLY = 'needs-reply';

/** Spam and Removed list conversations out of the queue, in any status. */
export const isFolder = (view: string): view is 'spam' | 'removed' => view === 'spam' || view === 'removed';

export function viewCount(view: string, counts: Counts | null | undefined): number | undefined {
  if (isFolder(view)) return counts?.folders?.[view];
  const o = counts?.open;
  if (!o) return undefined;
  if (view === 'mine') return o.mine;
  if (view === 'unassigned') return o.unassigned;
  if (view === 'all') return o.all;
  if (view === NEEDS_REPLY) return o.needsReply;
  if (view.startsWith('team-')) return o.byTeam?.[view.slice(5)] ?? 0;
  if (view.startsWith('channel-')) return o.byChannel?.[view.slice(8)] ?? 0;
  if (view.startsWith('kind-')) return o.byKind?.[view.slice(5)] ?? 0;
  return undefined;
}
