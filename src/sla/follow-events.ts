import type { App } from '../app.js';
import type { EventType } from '../events/catalog.js';
import { type Reactor, runReactor } from '../events/reactors.js';
import { enqueueJob } from '../jobs/queue.js';
import { slaCheckJob } from './rescan.js';
import { REMOVAL_EVENTS } from '../conversations/removed-messages.js';

/**
 * What an agent (or a bot, or the outbox) does to a conversation is in the event log; this
 * reactor asks for an SLA evaluation of every conversation touched by an event that can start or
 * stop a clock. Intake asks for its own (inbound.followup), so customer messages are not in this
 * list. It starts from "now": clocks of older conversations start on their next event or a policy
 * rescan. (Its cursor was sla_follower's until migration 0014 moved it.)
 */
const TYPES = [
  'message.created',
  'message.failed',
  'message.needs_human',
  'message.retried',
  'conversation.status_changed',
  'conversation.reopened',
  'conversation.updated',
  // A computed priority change can move the conversation to another policy (enrich/rescore.ts).
  'conversation.prioritized',
  // A merge brings a thread's clocks under the conversation it joins (conversations/merge/).
  'conversation.merged',
  'conversation.unmerged',
  // Spam and removed customer messages stop clocks; "Not spam" and a message coming back restart them.
  'conversation.marked_spam',
  'conversation.unmarked_spam',
  ...REMOVAL_EVENTS,
] as const satisfies readonly EventType[];

export const slaReactor: Reactor = {
  name: 'sla',
  types: TYPES,
  start: 'now',
  async handle(app, events, tx) {
    const now = app.now();
    const wanted = new Map<string, string>();
    for (const e of events) if (e.conversation_id) wanted.set(e.conversation_id, e.workspace_id);
    for (const [conversationId, workspaceId] of wanted) await enqueueJob(tx, slaCheckJob, { payload: { conversationId }, workspaceId, runAt: now, now });
    return wanted.size;
  },
  afterCommit(app, n) {
    if (n > 0) app.bus.poke('__jobs__');
  },
};

/** Runs the SLA reactor up to the horizon; returns how many evaluations it asked for (tests). */
export async function followSlaEvents(app: App, maxPages = 20): Promise<number> {
  return (await runReactor(app, slaReactor, { maxPages })).done;
}
