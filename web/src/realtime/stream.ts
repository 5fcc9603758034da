import type { QueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import type { StreamEvent, Viewer } from '../api/types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

type Listener = (ev: StreamEvent) => void;

/**
 * The live connection to /api/v1/stream. EventSource resumes by itself with Last-Event-ID when a
 * connection drops; when the browser gives up (an HTTP error closes it for good) we open a new
 * one with ?cursor=<last id seen>, so no event is missed either way. Every event invalidates the
 * queries it touches, batched so a burst costs one refetch per query.
 */
export class LiveStream {
  private es: EventSource | null = null;
  private lastId: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pending = new Set<string>();
  private listeners = new Set<Listener>();
  private statusListeners = new Set<() => void>();
  private failures = 0;
  private wasDown = false;
  status: StreamStatus = 'connecting';

  constructor(private qc: QueryClient) {}

  start() {
    this.open();
  }

  stop() {
    this.es?.close();
    this.es = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  onEvent(fn: Listener) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  onStatus(fn: () => void) {
    this.statusListeners.add(fn);
    return () => void this.statusListeners.delete(fn);
  }

  private setStatus(s: StreamStatus) {
    if (s === this.status) return;
    this.status = s;
    for (const fn of this.statusListeners) fn();
  }

  private open() {
    const url = this.lastId ? `/api/v1/stream?cursor=${encodeURIComponent(this.lastId)}` : '/api/v1/stream';
    const es = new EventSource(url, { withCredentials: true });
    this.es = es;
    es.addEventListener('ready', (e) => {
      this.track(e as MessageEvent);
      this.failures = 0;
      this.setStatus('live');
      // After an outage, refetch what is on screen too: cheap, and covers events past the horizon.
      if (this.wasDown) void this.qc.invalidateQueries();
      this.wasDown = false;
    });
    es.addEventListener('presence', (e) => {
      const data = JSON.parse((e as MessageEvent).data) as { conversationId: string; viewers: Viewer[] };
      this.qc.setQueryData(keys.presence(data.conversationId), data.viewers);
    });
    es.onerror = () => {
      this.wasDown = true;
      this.setStatus('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        const delay = Math.min(10_000, 500 * 2 ** this.failures++);
        this.retryTimer = setTimeout(() => this.open(), delay);
      }
    };
    // Named events: EventSource only delivers them to listeners registered by name.
    for (const type of EVENT_TYPES) es.addEventListener(type, (e) => this.handle(e as MessageEvent));
  }

  private track(e: MessageEvent) {
    if (e.lastEventId) this.lastId = e.lastEventId;
  }

  private handle(e: MessageEvent) {
    this.track(e);
    let ev: StreamEvent;
    try {
      ev = JSON.parse(e.data);
    } catch {
      return;
    }
    for (const fn of this.listeners) fn(ev);
    const t = ev.type;
    if (t.startsWith('message.') || t.startsWith('conversation.') || t === 'note.added') {
      if (ev.conversationId) this.touch(JSON.stringify(keys.conversation(ev.conversationId)));
      // Delivery receipts and stored media do not change the queue; everything else may.
      if (t !== 'message.delivery_status' && t !== 'message.sent' && t !== 'message.media_updated') {
        this.touch(JSON.stringify(keys.queues));
        this.touch(JSON.stringify(keys.counts));
        // The live board's loads and queues (refetched only while it is open).
        this.touch(JSON.stringify(['routing', 'board']));
      }
      // The contact panel lists the contact's conversations with their status.
      if (t === 'conversation.created' || t === 'message.received' || t === 'conversation.status_changed' || t === 'conversation.reopened')
        this.touch(JSON.stringify(['contact']));
      // A merge empties the source (whoever has it open is taken to the target); an unmerge fills it again.
      if ((t === 'conversation.merged' || t === 'conversation.unmerged') && typeof ev.data.sourceId === 'string') {
        this.touch(JSON.stringify(keys.conversation(ev.data.sourceId)));
        this.touch(JSON.stringify(['contact']));
      }
    } else if (t.startsWith('sla.')) {
      this.touch(JSON.stringify(keys.queues));
    } else if (t.startsWith('contact.')) {
      this.touch(JSON.stringify(['contact']));
      // A blocked author shows under their comment in the thread.
      if (t === 'contact.blocked' && ev.conversationId) this.touch(JSON.stringify(keys.conversation(ev.conversationId)));
    } else if (t === 'member.availability_changed') {
      // One's own (the sidebar), everyone's, and the live board: nothing else moves.
      this.touch(JSON.stringify(['routing']));
    } else if (t.startsWith('member.') || t.startsWith('team.') || t.startsWith('role.')) {
      this.touch(JSON.stringify(keys.members));
      this.touch(JSON.stringify(keys.teams));
      this.touch(JSON.stringify(keys.roles));
      if (t.startsWith('member.')) this.touch(JSON.stringify(keys.invitations));
      if (t === 'team.routing_changed') this.touch(JSON.stringify(['routing']));
      // A role change may be one's own: what the app offers follows the new permissions.
      if (t === 'member.role_changed' || t === 'team.member_role_changed' || t.startsWith('role.')) this.touch(JSON.stringify(keys.me));
    } else if (t.startsWith('reply.')) {
      // Held replies (approvals/): the thread's list, the approvers' list and its count.
      if (ev.conversationId) this.touch(JSON.stringify(['held-replies', ev.conversationId]));
      this.touch(JSON.stringify(['approvals']));
    } else if (t.startsWith('channel.')) {
      this.touch(JSON.stringify(keys.channels));
    }
  }

  private touch(key: string) {
    this.pending.add(key);
    if (!this.flushTimer)
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        const ks = [...this.pending];
        this.pending.clear();
        for (const k of ks) void this.qc.invalidateQueries({ queryKey: JSON.parse(k) });
      }, 60);
  }
}

const EVENT_TYPES = [
  'conversation.created',
  'conversation.reopened',
  'conversation.status_changed',
  'conversation.assigned',
  'conversation.tagged',
  'conversation.updated',
  // The computed priority moved a level (README "Signals and priority"): rows re-sort and re-badge.
  'conversation.prioritized',
  'conversation.moved_to_private',
  'conversation.marked_spam',
  'conversation.unmarked_spam',
  'conversation.removal_settled',
  'conversation.merged',
  'conversation.unmerged',
  'conversation.read',
  'message.received',
  'message.echoed',
  'message.created',
  'message.sent',
  'message.failed',
  'message.needs_human',
  'message.retried',
  'message.edited',
  'message.deleted',
  'message.delivery_status',
  'message.media_updated',
  'message.moderation_queued',
  'message.moderation_failed',
  'message.hidden',
  'message.unhidden',
  'message.liked',
  'contact.blocked',
  'note.added',
  'contact.updated',
  'contact.merged',
  'member.invited',
  'member.invitation_withdrawn',
  'member.invitation_declined',
  'member.added',
  'member.removed',
  'member.role_changed',
  'team.created',
  'team.updated',
  'team.deleted',
  'team.member_added',
  'team.member_removed',
  'team.member_role_changed',
  'team.routing_changed',
  'member.availability_changed',
  'role.created',
  'role.updated',
  'role.deleted',
  'channel.created',
  'channel.updated',
  'enrichment.completed',
  'message.enriched',
  'sla.warning',
  'sla.breached',
  'sla.updated',
  'reply.proposed',
  'reply.approved',
  'reply.rejected',
  'reply.scheduled',
  'reply.cancelled',
  'reply.released',
  'reply.failed',
  // The notification centre: realtime/notifications.ts refreshes the bell on the member's own.
  'notification.created',
  'notification.read',
];
