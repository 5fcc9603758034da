import { AsyncLocalStorage } from 'node:async_hooks';

/** A rule acting, and how deep in a chain of rule-made changes it is. */
export interface RuleActor {
  ruleId: string;
  depth: number;
}

const current = new AsyncLocalStorage<RuleActor>();

/**
 * Runs `work` as a rule: every event appended meanwhile (by whichever use-case the rule's action
 * calls) records the rule as its actor and the chain depth (events.actor_rule_id, rule_depth).
 * The use-cases keep their own `actorUserId` (null here): carrying the performer this way spares
 * each of them a parameter, and no event written by a rule can forget to say so. The rules
 * reactor reads it to keep rules from triggering each other unless a rule opts in (src/rules/).
 */
export function actAsRule<T>(actor: RuleActor, work: () => Promise<T>): Promise<T> {
  return current.run(actor, work);
}

/** The rule acting in this async context, if any. */
export const ruleActor = (): RuleActor | undefined => current.getStore();
