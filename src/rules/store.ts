import type { Kysely } from 'kysely';
import { parseJson } from '../lib/json.js';
import type { DB, RuleTable } from '../store/schema.js';
import { actionSchema, conditionsSchema, type Rule, type RuleInput, triggerSchema } from './model.js';

/** A stored rule, parsed. A row whose JSON no longer parses (written by a newer Hearken) is `broken` and never runs. */
export interface StoredRule extends Rule {
  broken: string | null;
}

export function presentRule(r: RuleTable): StoredRule {
  const trigger = triggerSchema.safeParse(parseJson(r.trigger, null));
  const conditions = conditionsSchema.safeParse(parseJson(r.conditions, null));
  const actions = actionSchema.array().safeParse(parseJson(r.actions, null));
  const broken = !trigger.success ? 'trigger' : !conditions.success ? 'conditions' : !actions.success ? 'actions' : null;
  return {
    id: r.id,
    position: r.position,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    trigger: trigger.success ? trigger.data : ({ type: r.trigger_type } as Rule['trigger']),
    conditions: conditions.success ? conditions.data : { all: [], any: [] },
    actions: actions.success ? actions.data : [],
    stopProcessing: Number(r.stop_processing) === 1,
    triggersOtherRules: Number(r.triggers_other_rules) === 1,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
    broken: broken ? `the stored ${broken} does not parse` : null,
  };
}

/** The columns a rule's input is stored in. */
export function ruleColumns(r: RuleInput) {
  return {
    name: r.name,
    enabled: r.enabled ? 1 : 0,
    trigger_type: r.trigger.type,
    trigger: JSON.stringify(r.trigger),
    conditions: JSON.stringify(r.conditions),
    actions: JSON.stringify(r.actions),
    stop_processing: r.stopProcessing ? 1 : 0,
    triggers_other_rules: r.triggersOtherRules ? 1 : 0,
  };
}

/** A workspace's rules in order (position, then id for ties). */
export async function loadRules(db: Kysely<DB>, workspaceId: string, o: { enabledOnly?: boolean; triggerTypes?: string[] } = {}): Promise<StoredRule[]> {
  let q = db.selectFrom('rules').selectAll().where('workspace_id', '=', workspaceId);
  if (o.enabledOnly) q = q.where('enabled', '=', 1);
  if (o.triggerTypes) {
    if (!o.triggerTypes.length) return [];
    q = q.where('trigger_type', 'in', o.triggerTypes);
  }
  const rows = await q.orderBy('position').orderBy('id').execute();
  return rows.map(presentRule).filter((r) => !o.enabledOnly || !r.broken);
}

/** Public form: without the internal `broken` flag unless set. */
export const publicRule = ({ broken, ...r }: StoredRule) => (broken ? { ...r, broken } : r);
