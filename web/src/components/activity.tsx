import { useQuery } from '@tanstack/react-query';
import './filters.css';
import { Fragment, useState, type ReactNode } from 'react';
import { get } from '../api/client';
import type { ActivityActor, ActivityItem, Message } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { clock, dateTime } from '../lib/time';
import { useSession } from '../session';

/**
 * A conversation's activity (GET /conversations/:id/activity). Under the conversation's query key,
 * so whatever refreshes the conversation (the live stream, an agent's own action) refreshes it too.
 */
export const useActivity = (id: string) =>
  useQuery({
    queryKey: ['conversation', id, 'activity'],
    queryFn: () => get<{ activity: ActivityItem[] }>(`/conversations/${id}/activity`).then((r) => r.activity),
  });

const HIDE_KEY = (userId: string) => `hearken.activity.hidden.${userId}`;

/** "Show activity" on or off, remembered per person in this browser. */
export function useActivityShown(): [boolean, (v: boolean) => void] {
  const { me } = useSession();
  const key = HIDE_KEY(me.user.id);
  const [shown, setShown] = useState(() => {
    try {
      return localStorage.getItem(key) !== '1';
    } catch {
      return true;
    }
  });
  return [
    shown,
    (v: boolean) => {
      setShown(v);
      try {
        if (v) localStorage.removeItem(key);
        else localStorage.setItem(key, '1');
      } catch {
        /* private mode: the choice lasts for this page only */
      }
    },
  ];
}

/** Runs of this many activity items or more fold into one "Show N activity items" line. */
const FOLD_AT = 3;

type Entry = { kind: 'message'; m: Message; at: number } | { kind: 'activity'; items: ActivityItem[]; at: number };

/**
 * Messages and activity in one time line: activity lines sit between the messages they happened
 * between, consecutive ones grouped; a long run is folded until opened.
 */
export function Timeline({ messages, conversationId, render }: { messages: Message[]; conversationId: string; render: (m: Message) => ReactNode }) {
  const activity = useActivity(conversationId);
  const [shown, setShown] = useActivityShown();
  const items = shown ? (activity.data ?? []) : [];
  // Older messages not loaded: activity from before the first shown message would pile up on top.
  const since = messages.length ? Date.parse(messages[0]!.createdAt) : 0;
  const entries: Entry[] = messages.map((m) => ({ kind: 'message', m, at: Date.parse(m.createdAt) }));
  const merged: Entry[] = [];
  let i = 0;
  const acts = items.filter((a) => Date.parse(a.at) >= since);
  for (const e of entries) {
    const group: ActivityItem[] = [];
    while (i < acts.length && Date.parse(acts[i]!.at) < e.at) group.push(acts[i++]!);
    if (group.length) merged.push({ kind: 'activity', items: group, at: Date.parse(group[0]!.at) });
    merged.push(e);
  }
  if (i < acts.length) merged.push({ kind: 'activity', items: acts.slice(i), at: Date.parse(acts[i]!.at) });
  return (
    <>
      {(activity.data?.length ?? 0) > 0 && (
        <label className="activity-toggle">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> {t('activity.toggleAll')}
        </label>
      )}
      {merged.map((e) =>
        e.kind === 'message' ? <Fragment key={e.m.id}>{render(e.m)}</Fragment> : <ActivityGroup key={`a-${e.items[0]!.id}`} items={e.items} />,
      )}
    </>
  );
}

function ActivityGroup({ items }: { items: ActivityItem[] }) {
  // null = decided by size (a run that grows past FOLD_AT folds); a click decides for good.
  const [choice, setOpen] = useState<boolean | null>(null);
  const open = choice ?? items.length < FOLD_AT;
  if (!open)
    return (
      <div className="activity-group folded">
        <button type="button" className="activity-fold" aria-expanded={false} onClick={() => setOpen(true)}>
          {items.length === 1 ? t('activity.showOne') : t('activity.show', { n: items.length })}
        </button>
      </div>
    );
  return (
    <ul className="activity-group" aria-label={t('activity.toggleAll')}>
      {items.map((a) => (
        <ActivityLine key={a.id} a={a} />
      ))}
      {items.length >= FOLD_AT && (
        <li>
          <button type="button" className="activity-fold" aria-expanded={true} onClick={() => setOpen(false)}>
            {t('activity.hideGroup')}
          </button>
        </li>
      )}
    </ul>
  );
}

function ActivityLine({ a }: { a: ActivityItem }) {
  const { me } = useSession();
  const who = actorName(a.actor, me.user.id);
  return (
    <li className="activity-line" data-testid="activity" data-kind={a.kind}>
      <span>{sentence(a, who, me.user.id)}</span> ·{' '}
      <time dateTime={a.at} title={dateTime(a.at)}>
        {clock(a.at)}
      </time>
    </li>
  );
}

function actorName(actor: ActivityActor, myId: string): string {
  if (actor.kind === 'rule') return t('activity.rule', { name: actor.name });
  if (actor.kind === 'system') return t('activity.system');
  if (actor.kind === 'routing') return t('activity.routing');
  return actor.id === myId ? t('activity.you') : actor.name;
}

/** The line's sentence, localised; several changes in one event (assignee and team) read as one line each, joined. */
function sentence(a: ActivityItem, actor: string, myId: string): string {
  switch (a.kind) {
    case 'assigned': {
      const parts: string[] = [];
      if (a.assigneeChanged) {
        if (a.assignee && a.actor.kind === 'user' && a.assignee.id === a.actor.id) parts.push(t('activity.selfAssigned', { actor }));
        else if (a.assignee) parts.push(t('activity.assigned', { actor, name: a.assignee.id === myId ? t('activity.you') : a.assignee.name }));
        else if (a.previousAssignee) parts.push(t('activity.unassigned', { actor, name: a.previousAssignee.name }));
        else parts.push(t('activity.unassignedNobody', { actor }));
      }
      if (a.teamChanged) {
        if (a.team) parts.push(t('activity.team', { actor, team: a.team.name }));
        else if (a.previousTeam) parts.push(t('activity.noTeam', { actor, team: a.previousTeam.name }));
      }
      return parts.join('; ');
    }
    case 'tagged': {
      const parts: string[] = [];
      if (a.added.length) parts.push(t('activity.tagsAdded', { actor, tags: a.added.map((x) => `#${x}`).join(', ') }));
      if (a.removed.length) parts.push(t('activity.tagsRemoved', { actor, tags: a.removed.map((x) => `#${x}`).join(', ') }));
      return parts.join('; ');
    }
    case 'priority':
      if (a.source === 'computed') return t('activity.priorityComputed', { level: t(`priority.${a.priority}` as MessageKey), score: a.score ?? 0 });
      if (a.source === 'auto') return t('activity.priorityAuto', { actor, level: t(`priority.${a.priority}` as MessageKey) });
      return t('activity.priority', { actor, level: t(`priority.${a.priority}` as MessageKey) });
    case 'status':
      if (a.reason === 'snooze_ended') return t('activity.snoozeEnded');
      if (a.reason === 'customer_message') return t('activity.reopenedByCustomer');
      if (a.to === 'snoozed') return t('activity.snoozed', { actor, time: a.snoozedUntil ? dateTime(a.snoozedUntil) : '' });
      if (a.to === 'resolved') return t('activity.resolved', { actor });
      if (a.to === 'pending') return t('activity.pending', { actor });
      return a.from === 'resolved' ? t('activity.reopened', { actor }) : t('activity.open', { actor });
    case 'moved_to_private':
      return t('activity.movedToPrivate', { actor });
    case 'sla_breached':
      return t('activity.slaBreached', { target: t(`sla.${a.target}` as MessageKey), policy: a.policyName });
    case 'merged':
    case 'unmerged':
      return t(a.kind === 'merged' ? 'activity.merged' : 'activity.unmerged', { actor, id: a.sourceId.slice(-6).toUpperCase(), n: a.messages });
  }
}
