// Automation rules (migration 0030, src/rules/): row types (see ../schema.ts for the conventions every table follows).

export interface RuleTable {
  id: string;
  workspace_id: string;
  /** 1 runs first. */
  position: number;
  name: string;
  enabled: number;
  /** The trigger's `type`, copied from `trigger` so the reactor and the time scan pick rules without parsing them. */
  trigger_type: string;
  /** JSON (src/rules/model.ts): trigger, conditions, actions. */
  trigger: string;
  conditions: string;
  actions: string;
  stop_processing: number;
  triggers_other_rules: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** One firing of a rule; unique per (rule_id, event_key): a rule fires once per event or waiting period. */
export interface RuleFiringTable {
  id: string;
  workspace_id: string;
  rule_id: string;
  /** The rule's name when it fired (the log outlives renames and deletes). */
  rule_name: string;
  conversation_id: string | null;
  /** `e:<event id>` for an event, `<trigger>:<conversation>:<since>` for a time-based trigger's waiting period. */
  event_key: string;
  event_id: number | null;
  /** The event type, or the time trigger's type. */
  event_type: string;
  depth: number;
  /** JSON: the actions as they were when it fired. */
  actions: string;
  outcome: 'pending' | 'applied' | 'partial' | 'failed' | 'limited' | 'skipped';
  /** JSON [{type, ok, error?}]: one entry per action. */
  results: string;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

/** An in-app notification for one member (src/notifications/; migrations 0030, 0033). */
export interface NotificationTable {
  id: string;
  workspace_id: string;
  user_id: string;
  conversation_id: string | null;
  rule_id: string | null;
  /** The rule's own text (kind 'rule'); '' for the other kinds, rendered from params. */
  text: string;
  created_at: number;
  read_at: number | null;
  kind: NotificationKind;
  /** JSON: what a non-rule notification is rendered from (ids, names of policies), never customer text. */
  params: string | null;
  source_event_id: number | null;
  emailed_at: number | null;
}
export type NotificationKind = 'rule' | 'assigned' | 'mentioned' | 'sla_breached' | 'approval_waiting';
