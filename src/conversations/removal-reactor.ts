import type { Reactor } from '../events/reactors.js';
import { REMOVAL_EVENTS } from './removed-messages.js';
import { settleAfterRemoval } from './settle-after-removal.js';

/**
 * A customer message removed (or back): the conversation is settled again, so a deleted comment
 * does not sit in the queue as a row still waiting. Starts now: conversations already holding
 * deleted messages settle on their next removal event.
 */
// Workspaces changed by the page being handled: poked once it committed (realtime, queues).
const touched = new Set<string>();

export const removalReactor: Reactor = {
  name: 'removal',
  types: REMOVAL_EVENTS,
  start: 'now',
  async handle(app, events, tx) {
    const seen = new Map<string, string>();
    for (const e of events) if (e.conversation_id) seen.set(e.conversation_id, e.workspace_id);
    let changed = 0;
    for (const [conversationId, workspaceId] of seen) {
      if (!(await settleAfterRemoval(tx, workspaceId, conversationId, app.now()))) continue;
      changed++;
      touched.add(workspaceId);
    }
    return changed;
  },
  afterCommit(app) {
    for (const ws of touched) app.bus.poke(ws);
    touched.clear();
  },
};
