import type { Reactor } from '../events/reactors.js';
import { rollupReactor } from '../metrics/rollup/rollup-reactor.js';
import { slaReactor } from '../sla/follow-events.js';
import { auditReactor } from '../audit/audit-reactor.js';
import { removalReactor } from '../conversations/removal-reactor.js';
import { spamTriageReactor } from '../conversations/spam/auto-mark.js';
import { priorityReactor } from '../enrich/priority-reactor.js';
import { routingReactor } from '../routing/reactor.js';
import { rulesReactor } from '../rules/reactor.js';
import { notificationReactor } from '../notifications/notification-reactor.js';

/**
 * Every reactor that follows the event log (docs/events.md). Adding one = its module and a line
 * here; the reactor loop runs them, `hearken reactors` lists them.
 */
export const reactors: readonly Reactor[] = [
  removalReactor,
  spamTriageReactor,
  routingReactor,
  slaReactor,
  priorityReactor,
  rollupReactor,
  auditReactor,
  rulesReactor,
  notificationReactor,
];
