import type { EventType } from '../events/catalog.js';
import { parseJson } from '../lib/json.js';
import type { Trigger, TriggerType } from './model.js';

/** The event types each event trigger follows (time-based triggers follow none: the scan finds them). */
export const TRIGGER_EVENTS: Record<Exclude<TriggerType, 'no_reply_for' | 'pending_for' | 'assignee_silent'>, readonly EventType[]> = {
  message_received: ['message.received'],
  conversation_created: ['conversation.created'],
  conversation_updated: ['conversation.status_changed', 'conversation.reopened', 'conversation.assigned', 'conversation.tagged', 'conversation.updated'],
  reply_sent: ['message.created'],
  sla_warning: ['sla.warning'],
  sla_breached: ['sla.breached'],
  mention_engaged: ['mention.engaged'],
  survey_answered: ['survey.answered'],
  snooze_ended: ['conversation.status_changed'],
};

/** Every event type some rule trigger follows: what the rules reactor reads. */
export const RULE_EVENT_TYPES: readonly EventType[] = [...new Set(Object.values(TRIGGER_EVENTS).flat())];

/** The event trigger types an event of this type may fire. */
export const triggerTypesFor = (type: string): TriggerType[] =>
  (Object.entries(TRIGGER_EVENTS) as [TriggerType, readonly string[]][]).filter(([, types]) => types.includes(type)).map(([t]) => t);

export interface TriggerEvent {
  type: string;
  /** The event's data (JSON text as stored, or parsed). */
  data: string | Record<string, unknown>;
}

/**
 * Whether an event fires a trigger. `newConversation` (for message_received) says whether the
 * message is the first customer message of its conversation; undefined = not known yet (the
 * reactor's pre-check: it answers yes for either).
 */
export function triggerMatches(t: Trigger, e: TriggerEvent, newConversation?: boolean): boolean {
  const d = typeof e.data === 'string' ? parseJson<Record<string, unknown>>(e.data, {}) : e.data;
  switch (t.type) {
    case 'message_received':
      if (e.type !== 'message.received') return false;
      if (t.which === 'any' || newConversation === undefined) return true;
      return t.which === 'new_conversation' ? newConversation : !newConversation;
    case 'conversation_updated':
      return updatedFieldsOf(e.type, d).some((f) => t.fields.includes(f));
    case 'reply_sent':
      return e.type === 'message.created' && !d.imported && t.authorKinds.includes(d.authorKind as never);
    case 'snooze_ended':
      return e.type === 'conversation.status_changed' && d.reason === 'snooze_ended';
    case 'no_reply_for':
    case 'pending_for':
    case 'assignee_silent':
      return false;
    default:
      return TRIGGER_EVENTS[t.type].includes(e.type as EventType);
  }
}

/** Which of status, assignee, team, tags, priority an event changed. */
function updatedFieldsOf(type: string, d: Record<string, unknown>): Array<'status' | 'assignee' | 'team' | 'tags' | 'priority'> {
  switch (type) {
    case 'conversation.status_changed':
    case 'conversation.reopened':
      return d.from !== d.to ? ['status'] : [];
    case 'conversation.assigned': {
      const out: Array<'assignee' | 'team'> = [];
      if (d.assigneeId !== d.previousAssigneeId) out.push('assignee');
      if (d.teamId !== d.previousTeamId) out.push('team');
      return out;
    }
    case 'conversation.tagged':
      return ['tags'];
    case 'conversation.updated':
      return d.priority !== undefined ? ['priority'] : [];
    default:
      return [];
  }
}
