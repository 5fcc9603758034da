import { z } from 'zod';
import { PRIORITY_NAMES } from '../lib/priority.js';

/**
 * The automation rule model: WHEN (one trigger) → IF (conditions: every `all`, and at least one
 * `any` when there are some) → THEN (actions, in order). This file is the contract shared by the
 * API, the CLI's JSON export/import and the web app's rule builder; docs/rules.md describes each
 * entry. Adding a trigger, condition field or action is compatible; renaming one breaks stored
 * rules and exported files.
 */

export const LIMITS = {
  name: 120,
  conditions: 30,
  actions: 20,
  text: 5000,
  list: 100,
  /** Time-based triggers: up to 30 days. */
  maxMinutes: 30 * 24 * 60,
  /** Rules per workspace. */
  rules: 500,
} as const;

const id = z.string().trim().min(1).max(100);
const ids = z.array(id).min(1).max(LIMITS.list);
const shortText = z.string().trim().min(1).max(200);
const minutes = z.number().int().min(1).max(LIMITS.maxMinutes);
/** Calendar time, or the channel's business hours (src/hours): "10 business minutes" after Friday 17:55 is Monday morning. */
export const timeModes = ['calendar', 'business'] as const;
const timeMode = z.enum(timeModes).default('calendar');

export const conversationKinds = ['dm', 'comment', 'mention', 'review', 'email', 'chat'] as const;
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const sentiments = ['negative', 'neutral', 'positive'] as const;
export const intents = ['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other'] as const;
export const piiTypes = ['email', 'phone', 'card', 'iban', 'reference'] as const;
export const updatedFields = ['status', 'assignee', 'team', 'tags', 'priority'] as const;
export { PRIORITY_NAMES as priorities };

// ───────────────────────────── triggers (WHEN) ─────────────────────────────

/**
 * Event triggers follow the event log; time-based ones (`no_reply_for`, `pending_for`,
 * `assignee_silent`) are found by the scheduler's rule scan and fire once per waiting period.
 */
export const triggerSchema = z.discriminatedUnion('type', [
  /** A customer message arrives: in a new conversation, as a reply in an existing one, or either. */
  z.strictObject({ type: z.literal('message_received'), which: z.enum(['any', 'new_conversation', 'customer_reply']).default('any') }),
  z.strictObject({ type: z.literal('conversation_created') }),
  /** Status, assignee, team, tags or priority change (any of `fields`). */
  z.strictObject({
    type: z.literal('conversation_updated'),
    fields: z
      .array(z.enum(updatedFields))
      .min(1)
      .default([...updatedFields]),
  }),
  /** A reply is queued for sending; by default only replies written by people. */
  z.strictObject({
    type: z.literal('reply_sent'),
    authorKinds: z
      .array(z.enum(['human', 'bot', 'automation']))
      .min(1)
      .default(['human']),
  }),
  z.strictObject({ type: z.literal('sla_warning') }),
  z.strictObject({ type: z.literal('sla_breached') }),
  z.strictObject({ type: z.literal('mention_engaged') }),
  z.strictObject({ type: z.literal('survey_answered') }),
  /** A snoozed conversation's time has passed and it is open again. */
  z.strictObject({ type: z.literal('snooze_ended') }),
  /** The customer has waited N minutes since their last unanswered message. */
  z.strictObject({ type: z.literal('no_reply_for'), minutes, time: timeMode }),
  /** Pending (waiting on the customer) for N hours. */
  z.strictObject({ type: z.literal('pending_for'), hours: z.number().int().min(1).max(720), time: timeMode }),
  /** Assigned, the customer is waiting, and the assignee has not replied for N minutes. */
  z.strictObject({ type: z.literal('assignee_silent'), minutes, time: timeMode }),
]);
export type Trigger = z.output<typeof triggerSchema>;
export type TriggerType = Trigger['type'];
export const triggerTypes = triggerSchema.options.map((o) => o.shape.type.value) as TriggerType[];
export const timeTriggerTypes = ['no_reply_for', 'pending_for', 'assignee_silent'] as const satisfies readonly TriggerType[];
export type TimeTrigger = Extract<Trigger, { type: (typeof timeTriggerTypes)[number] }>;
export const isTimeTrigger = (t: Trigger): t is TimeTrigger => (timeTriggerTypes as readonly string[]).includes(t.type);

// ───────────────────────────── conditions (IF) ─────────────────────────────

const inList = <T extends z.ZodType>(v: T) => z.strictObject({ op: z.enum(['in', 'not_in']), value: z.array(v).min(1).max(LIMITS.list) });
const numberCompare = (v: z.ZodNumber) => z.strictObject({ op: z.enum(['gte', 'lte', 'eq']), value: v });
/** A team or assignee: one of these ids (`in`), none of them (`not_in`), or set / not set at all (no value). */
const personOrTeam = { op: z.enum(['in', 'not_in', 'set', 'not_set']), value: ids.optional() };

export const conditionSchema = z.discriminatedUnion('field', [
  /** Channel ids. */
  z.strictObject({ field: z.literal('channel'), ...inList(id).shape }),
  /** Network types of the channel (telegram, messenger, instagram, x, email, site, api…). */
  z.strictObject({ field: z.literal('channel_type'), ...inList(id).shape }),
  z.strictObject({ field: z.literal('kind'), ...inList(z.enum(conversationKinds)).shape }),
  z.strictObject({ field: z.literal('visibility'), op: z.literal('is'), value: z.enum(['public', 'private']) }),
  /** ISO 639-1 codes ('und' = unknown), of the latest customer message, else of the conversation. */
  z.strictObject({ field: z.literal('language'), ...inList(z.string().trim().min(2).max(8)).shape }),
  z.strictObject({ field: z.literal('sentiment'), ...inList(z.enum(sentiments)).shape }),
  /** The latest customer message's intent, optionally only when the classifier is at least this sure (0–1). */
  z.strictObject({
    field: z.literal('intent'),
    ...inList(z.enum(intents)).shape,
    minConfidence: z.number().min(0).max(1).optional(),
  }),
  z.strictObject({ field: z.literal('needs_reply'), op: z.literal('is'), value: z.boolean() }),
  /** Troll score of the latest customer message, 0–1. */
  z.strictObject({ field: z.literal('troll_score'), op: z.enum(['gte', 'lte']), value: z.number().min(0).max(1) }),
  /** Personal data found in the latest customer message (any type, or one of `types`). */
  z.strictObject({ field: z.literal('pii_found'), op: z.literal('is'), value: z.boolean(), types: z.array(z.enum(piiTypes)).min(1).optional() }),
  /**
   * The latest customer message's text: contains / does not contain words (case- and
   * accent-insensitive), or matches a listening query ("refund OR return" NOT spam, "exact phrase"…).
   */
  z.strictObject({ field: z.literal('text'), op: z.enum(['contains', 'not_contains', 'matches']), value: z.string().trim().min(1).max(1000) }),
  /** A contact attribute (src/contacts/attributes.ts) by key. */
  z.strictObject({
    field: z.literal('contact_attribute'),
    key: z.string().trim().min(1).max(64),
    op: z.enum(['eq', 'neq', 'contains', 'gte', 'lte', 'set', 'not_set']),
    value: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
  }),
  /** Tags: has any of, has all of, has none of. */
  z.strictObject({ field: z.literal('tags'), op: z.enum(['any', 'all', 'none']), value: z.array(shortText).min(1).max(LIMITS.list) }),
  z.strictObject({ field: z.literal('priority'), op: z.enum(['eq', 'neq', 'gte', 'lte']), value: z.enum(PRIORITY_NAMES) }),
  z.strictObject({ field: z.literal('team'), ...personOrTeam }),
  /** The assigned agent (user ids). */
  z.strictObject({ field: z.literal('assignee'), ...personOrTeam }),
  z.strictObject({ field: z.literal('status'), ...inList(z.enum(conversationStatuses)).shape }),
  /** Now is inside / outside the channel's business hours (always "in" where none are set). */
  z.strictObject({ field: z.literal('business_hours'), op: z.literal('is'), value: z.enum(['in', 'out']) }),
  /** The contact's `vip` attribute is true (or "yes"/"true"/1). */
  z.strictObject({ field: z.literal('vip'), op: z.literal('is'), value: z.boolean() }),
  /** Messages in the conversation: the customer's (default) or every message (customer + replies). */
  z.strictObject({
    field: z.literal('message_count'),
    ...numberCompare(z.number().int().min(0).max(100000)).shape,
    of: z.enum(['customer', 'all']).default('customer'),
  }),
  /**
   * The score of this customer's latest answered CSAT survey in an earlier conversation (1–5);
   * `missing` = they never answered one.
   */
  z.strictObject({ field: z.literal('previous_csat'), op: z.enum(['gte', 'lte', 'eq', 'missing']), value: z.number().int().min(1).max(5).optional() }),
]);
export type Condition = z.output<typeof conditionSchema>;
export type ConditionField = Condition['field'];
export const conditionFields = conditionSchema.options.map((o) => o.shape.field.value) as ConditionField[];

/** Every condition in `all` holds, and — when `any` has conditions — at least one of them. */
export const conditionsSchema = z.strictObject({
  all: z.array(conditionSchema).max(LIMITS.conditions).default([]),
  any: z.array(conditionSchema).max(LIMITS.conditions).default([]),
});
export type Conditions = z.output<typeof conditionsSchema>;

// ───────────────────────────── actions (THEN) ─────────────────────────────

export const actionSchema = z.discriminatedUnion('type', [
  /**
   * Assign to an agent and/or a team (`null` clears). A team alone only sets the team, the
   * assignee is left as it is; a team that routes automatically then picks its agent (routing).
   */
  z.strictObject({ type: z.literal('assign'), assigneeId: id.nullable().optional(), teamId: id.nullable().optional() }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(shortText).min(1).max(LIMITS.list) }),
  z.strictObject({ type: z.literal('remove_tags'), tags: z.array(shortText).min(1).max(LIMITS.list) }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(PRIORITY_NAMES) }),
  /** open, pending, resolved, or snoozed for `snoozeMinutes` (calendar) from when the action runs. */
  z.strictObject({
    type: z.literal('set_status'),
    status: z.enum(conversationStatuses),
    snoozeMinutes: minutes.optional(),
  }),
  /** An internal note on the conversation, written by the rule. */
  z.strictObject({ type: z.literal('add_note'), text: z.string().trim().min(1).max(LIMITS.text) }),
  /** A saved reply sent as automation (authorKind 'automation'), through the reply use-case and the outbox. */
  z.strictObject({ type: z.literal('send_saved_reply'), savedReplyId: id }),
  /** Ask the customer the workspace's satisfaction survey now (private conversations only). */
  z.strictObject({ type: z.literal('send_survey') }),
  /** Public → private: send `text` as a private message, with an optional short public answer under the comment. */
  z.strictObject({
    type: z.literal('move_to_private'),
    text: z.string().trim().min(1).max(LIMITS.text),
    publicNote: z.string().trim().min(1).max(1000).optional(),
  }),
  /** Hide or delete the customer's latest public comment, where the network allows it. */
  z.strictObject({ type: z.literal('moderate'), action: z.enum(['hide', 'delete']) }),
  /**
   * An in-app notification (a row the web app lists, and a `notification.created` event) to these
   * members, and/or the conversation's assignee, and/or every member of its team; with `email`,
   * each of them is also mailed (through a job, when Hearken can send mail).
   */
  z.strictObject({
    type: z.literal('notify'),
    userIds: z.array(id).max(LIMITS.list).default([]),
    assignee: z.boolean().default(false),
    team: z.boolean().default(false),
    text: z.string().trim().min(1).max(1000),
    email: z.boolean().default(false),
  }),
  /**
   * POST a JSON description of the firing (rule, event, conversation) to a URL, through the one
   * outbound HTTP client (private and metadata addresses refused).
   */
  z.strictObject({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2000) }),
  /** No later rule runs for this event (same as the rule's `stopProcessing`). */
  z.strictObject({ type: z.literal('stop_processing') }),
]);
export type Action = z.output<typeof actionSchema>;
export type ActionType = Action['type'];
export const actionTypes = actionSchema.options.map((o) => o.shape.type.value) as ActionType[];

// ───────────────────────────── the rule ─────────────────────────────

/** What a client sends to create a rule (and what export/import carry, without ids). */
export const ruleInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.name),
    enabled: z.boolean().default(true),
    trigger: triggerSchema,
    conditions: conditionsSchema.default({ all: [], any: [] }),
    actions: z.array(actionSchema).min(1).max(LIMITS.actions),
    /** No later rule runs for the event once this one fired. */
    stopProcessing: z.boolean().default(false),
    /** The changes this rule makes may themselves trigger rules (up to MAX_RULE_DEPTH deep). Off by default. */
    triggersOtherRules: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    for (const group of ['all', 'any'] as const)
      r.conditions[group].forEach((c, i) => {
        const problem = conditionProblem(c);
        if (problem) ctx.addIssue({ code: 'custom', path: ['conditions', group, i, 'value'], message: problem });
      });
    r.actions.forEach((a, i) => {
      const problem = actionProblem(a);
      if (problem) ctx.addIssue({ code: 'custom', path: ['actions', i], message: problem });
    });
  });
export type RuleInput = z.output<typeof ruleInputSchema>;
/** A partial update (PATCH): the fields given replace the stored ones. */
export const rulePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name).optional(),
  enabled: z.boolean().optional(),
  trigger: triggerSchema.optional(),
  conditions: conditionsSchema.optional(),
  actions: z.array(actionSchema).min(1).max(LIMITS.actions).optional(),
  stopProcessing: z.boolean().optional(),
  triggersOtherRules: z.boolean().optional(),
});
export type RulePatch = z.output<typeof rulePatchSchema>;

/** A stored rule as the API presents it. `position` orders rules (1 runs first). */
export interface Rule extends RuleInput {
  id: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** The export file (`hearken rules export`, GET /rules/export): rules in order. */
export const rulesFileSchema = z.strictObject({
  version: z.literal(1),
  rules: z.array(ruleInputSchema).max(LIMITS.rules),
});
export type RulesFile = z.output<typeof rulesFileSchema>;

/** How deep rule-made changes may trigger further rules (a rule opting in, then another…). */
export const MAX_RULE_DEPTH = 3;
/** Firings per conversation per hour beyond which rules stop acting on it (a loop guard), logged as `limited`. */
export const FIRINGS_PER_CONVERSATION_HOUR = 20;

/** Who performs actions: a rule (the activity log and events show "rule N") or an agent (macros). */
export type Performer = { kind: 'rule'; ruleId: string } | { kind: 'user'; userId: string };

/** Outcome of one firing in the log. */
export const firingOutcomes = ['pending', 'applied', 'partial', 'failed', 'limited'] as const;
export type FiringOutcome = (typeof firingOutcomes)[number];

function conditionProblem(c: Condition): string | null {
  if ((c.field === 'team' || c.field === 'assignee') && (c.op === 'in' || c.op === 'not_in') && !c.value) return `a list of ids is needed for "${c.op}"`;
  if ((c.field === 'team' || c.field === 'assignee') && (c.op === 'set' || c.op === 'not_set') && c.value) return `no value for "${c.op}"`;
  if (c.field === 'contact_attribute' && c.op !== 'set' && c.op !== 'not_set' && c.value === undefined) return `a value is needed for "${c.op}"`;
  if (c.field === 'contact_attribute' && (c.op === 'gte' || c.op === 'lte') && typeof c.value !== 'number') return 'a number is needed';
  if (c.field === 'previous_csat' && c.op !== 'missing' && c.value === undefined) return `a score is needed for "${c.op}"`;
  return null;
}

function actionProblem(a: Action): string | null {
  if (a.type === 'assign' && a.assigneeId === undefined && a.teamId === undefined) return 'assign to an agent (assigneeId) or a team (teamId)';
  if (a.type === 'set_status' && a.status === 'snoozed' && a.snoozeMinutes === undefined) return 'snoozeMinutes is needed to snooze';
  if (a.type === 'set_status' && a.status !== 'snoozed' && a.snoozeMinutes !== undefined) return 'snoozeMinutes is only for snoozed';
  if (a.type === 'notify' && !a.userIds.length && !a.assignee && !a.team) return 'notify whom: userIds, assignee or team';
  return null;
}
