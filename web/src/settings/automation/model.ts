/**
 * The rule model as the web app edits it: a plain-data mirror of src/rules/model.ts (the server's
 * zod schemas are the contract and answer every mistake with a field path; this file only lists
 * the choices the editor offers and the blank shape of each entry).
 */
export const TRIGGERS_EVENT = [
  'message_received',
  'conversation_created',
  'conversation_updated',
  'reply_sent',
  'sla_warning',
  'sla_breached',
  'mention_engaged',
  'survey_answered',
  'snooze_ended',
] as const;
export const TRIGGERS_TIME = ['no_reply_for', 'pending_for', 'assignee_silent'] as const;
export type TriggerType = (typeof TRIGGERS_EVENT)[number] | (typeof TRIGGERS_TIME)[number];
export const UPDATED_FIELDS = ['status', 'assignee', 'team', 'tags', 'priority'] as const;
export const AUTHOR_KINDS = ['human', 'bot', 'automation'] as const;

export type Trigger = { type: TriggerType; [k: string]: unknown };
export type Condition = { field: ConditionField; op: string; value?: unknown; [k: string]: unknown };
export type Action = { type: ActionType; [k: string]: unknown };

export interface RuleInput {
  name: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: { all: Condition[]; any: Condition[] };
  actions: Action[];
  stopProcessing: boolean;
  triggersOtherRules: boolean;
}
export interface Rule extends RuleInput {
  id: string;
  position: number;
  broken?: string;
  /** Statistics, where the server gives them. */
  firingCount?: number;
  lastFiredAt?: string | null;
}

export const KINDS = ['dm', 'comment', 'mention', 'review', 'email', 'chat'] as const;
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const INTENTS = ['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other'] as const;
export const PII_TYPES = ['email', 'phone', 'card', 'iban', 'reference'] as const;
export const PRIORITIES = ['none', 'low', 'normal', 'high', 'urgent'] as const;
export const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'nl', 'tr', 'pl', 'ar', 'ja', 'und'] as const;

export type ConditionField =
  | 'channel'
  | 'channel_type'
  | 'kind'
  | 'visibility'
  | 'language'
  | 'sentiment'
  | 'intent'
  | 'needs_reply'
  | 'troll_score'
  | 'pii_found'
  | 'text'
  | 'contact_attribute'
  | 'tags'
  | 'priority'
  | 'team'
  | 'assignee'
  | 'status'
  | 'business_hours'
  | 'vip'
  | 'message_count'
  | 'previous_csat';

/**
 * Each field: its operators and the widget its value needs. `list` = pick several of a list
 * (static or the workspace's channels, teams, agents); `one` = pick one; `bool`; `number`; `text`.
 */
export type Widget =
  | { kind: 'list'; source: 'channels' | 'channelTypes' | 'teams' | 'agents' | readonly string[] }
  | { kind: 'one'; options: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'number'; min: number; max: number; step: number }
  | { kind: 'text' }
  | { kind: 'tags' }
  | { kind: 'attribute' };

export const FIELDS: Record<ConditionField, { ops: readonly string[]; widget: Widget }> = {
  channel: { ops: ['in', 'not_in'], widget: { kind: 'list', source: 'channels' } },
  channel_type: { ops: ['in', 'not_in'], widget: { kind: 'list', source: 'channelTypes' } },
  kind: { ops: ['in', 'not_in'], widget: { kind: 'list', source: KINDS } },
  visibility: { ops: ['is'], widget: { kind: 'one', options: ['public', 'private'] } },
  language: { ops: ['in', 'not_in'], widget: { kind: 'list', source: LANGUAGES } },
  sentiment: { ops: ['in', 'not_in'], widget: { kind: 'list', source: SENTIMENTS } },
  intent: { ops: ['in', 'not_in'], widget: { kind: 'list', source: INTENTS } },
  needs_reply: { ops: ['is'], widget: { kind: 'bool' } },
  troll_score: { ops: ['gte', 'lte'], widget: { kind: 'number', min: 0, max: 1, step: 0.05 } },
  pii_found: { ops: ['is'], widget: { kind: 'bool' } },
  text: { ops: ['contains', 'not_contains', 'matches'], widget: { kind: 'text' } },
  contact_attribute: { ops: ['eq', 'neq', 'contains', 'gte', 'lte', 'set', 'not_set'], widget: { kind: 'attribute' } },
  tags: { ops: ['any', 'all', 'none'], widget: { kind: 'tags' } },
  priority: { ops: ['eq', 'neq', 'gte', 'lte'], widget: { kind: 'one', options: PRIORITIES } },
  team: { ops: ['in', 'not_in', 'set', 'not_set'], widget: { kind: 'list', source: 'teams' } },
  assignee: { ops: ['in', 'not_in', 'set', 'not_set'], widget: { kind: 'list', source: 'agents' } },
  status: { ops: ['in', 'not_in'], widget: { kind: 'list', source: STATUSES } },
  business_hours: { ops: ['is'], widget: { kind: 'one', options: ['in', 'out'] } },
  vip: { ops: ['is'], widget: { kind: 'bool' } },
  message_count: { ops: ['gte', 'lte', 'eq'], widget: { kind: 'number', min: 0, max: 100000, step: 1 } },
  previous_csat: { ops: ['gte', 'lte', 'eq', 'missing'], widget: { kind: 'number', min: 1, max: 5, step: 1 } },
};
export const CONDITION_FIELDS = Object.keys(FIELDS) as ConditionField[];

/** Operators that take no value. */
export const NO_VALUE_OPS = new Set(['set', 'not_set', 'missing']);

/** A fresh condition for a field: its first operator and an empty value of the right shape. */
export function blankCondition(field: ConditionField): Condition {
  const f = FIELDS[field];
  const op = f.ops[0]!;
  const w = f.widget;
  if (field === 'contact_attribute') return { field, key: '', op, value: '' };
  if (field === 'message_count') return { field, op, value: 1, of: 'customer' };
  if (w.kind === 'list' || w.kind === 'tags') return { field, op, value: [] };
  if (w.kind === 'one') return { field, op, value: w.options[0] };
  if (w.kind === 'bool') return { field, op, value: true };
  if (w.kind === 'number') return { field, op, value: w.min === 0 && w.max === 1 ? 0.7 : w.min };
  return { field, op, value: '' };
}

export const ACTION_TYPES = [
  'assign',
  'add_tags',
  'remove_tags',
  'set_priority',
  'set_status',
  'add_note',
  'send_saved_reply',
  'send_survey',
  'move_to_private',
  'moderate',
  'notify',
  'webhook',
  'stop_processing',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/** What a macro may do (src/macros/model.ts): what an agent does by hand. */
export const MACRO_ACTION_TYPES: readonly ActionType[] = ['assign', 'add_tags', 'remove_tags', 'set_priority', 'set_status', 'add_note', 'send_saved_reply'];

export function blankAction(type: ActionType): Action {
  switch (type) {
    case 'assign':
      return { type, teamId: undefined, assigneeId: undefined };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: [] };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'set_status':
      return { type, status: 'resolved' };
    case 'add_note':
      return { type, text: '' };
    case 'send_saved_reply':
      return { type, savedReplyId: '' };
    case 'move_to_private':
      return { type, text: '' };
    case 'moderate':
      return { type, action: 'hide' };
    case 'notify':
      return { type, userIds: [], assignee: true, team: false, text: '', email: false };
    case 'webhook':
      return { type, url: '' };
    default:
      return { type };
  }
}

export function blankTrigger(type: TriggerType): Trigger {
  switch (type) {
    case 'message_received':
      return { type, which: 'any' };
    case 'conversation_updated':
      return { type, fields: [...UPDATED_FIELDS] };
    case 'reply_sent':
      return { type, authorKinds: ['human'] };
    case 'no_reply_for':
    case 'assignee_silent':
      return { type, minutes: 30, time: 'calendar' };
    case 'pending_for':
      return { type, hours: 24, time: 'calendar' };
    default:
      return { type };
  }
}

export const blankRule = (): RuleInput => ({
  name: '',
  enabled: true,
  trigger: blankTrigger('message_received'),
  conditions: { all: [], any: [] },
  actions: [blankAction('add_tags')],
  stopProcessing: false,
  triggersOtherRules: false,
});

/** The editable part of a stored rule (what POST/PATCH take). */
export const inputOf = (r: Rule): RuleInput => ({
  name: r.name,
  enabled: r.enabled,
  trigger: r.trigger,
  conditions: r.conditions,
  actions: r.actions,
  stopProcessing: r.stopProcessing,
  triggersOtherRules: r.triggersOtherRules,
});

/** Field errors from a 400, keyed by their path ("actions.0.url"), for showing beside each field. */
export type FieldErrors = Record<string, string>;
export const errorsOf = (fields: Array<{ field: string; reason: string }> | undefined, prefix = ''): FieldErrors =>
  Object.fromEntries((fields ?? []).filter((f) => f.field.startsWith(prefix)).map((f) => [f.field.slice(prefix.length), f.reason]));
/** The errors under one path, re-keyed relative to it. */
export const under = (errors: FieldErrors, path: string): FieldErrors =>
  Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k === path || k.startsWith(`${path}.`))
      .map(([k, v]) => [k === path ? '' : k.slice(path.length + 1), v]),
  );
