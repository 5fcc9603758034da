import type { App } from '../app.js';
import type { EventType } from '../events/catalog.js';
import { type Reactor, runReactor } from '../events/reactors.js';
import { parseJson } from '../lib/json.js';
import { rescoreConversation } from './rescore.js';

/**
 * Events after which a conversation's signals may have changed: a message arrived or was
 * answered (waiting starts or stops), its status moved, an SLA clock warned or breached, it went
 * private (reach), triage flagged a message, its contact changed (VIP). Enrichment re-scores in
 * its own transaction (enrich-pending.ts); waiting time is the scheduled re-scorer's
 * (rescore-waiting.ts). conversation.prioritized and conversation.updated are not followed: they
 * are this computation's output and the agent's pin.
 */
const TYPES = [
  'message.received',
  'message.created',
  'message.flagged',
  'conversation.created',
  'conversation.status_changed',
  'conversation.reopened',
  'conversation.moved_to_private',
  'sla.warning',
  'sla.breached',
  'contact.updated',
] as const satisfies readonly EventType[];

const touched = new Set<string>();

export const priorityReactor: Reactor = {
  name: 'priority',
  types: TYPES,
  start: 'now',
  async handle(app, events, tx) {
    const now = app.now();
    const wanted = new Map<string, string>();
    const contacts = new Map<string, string>();
    for (const e of events) {
      if (e.type === 'contact.updated') {
        const contactId = parseJson<{ contactId?: string }>(e.data, {}).contactId;
        if (contactId) contacts.set(contactId, e.workspace_id);
      } else if (e.conversation_id) wanted.set(e.conversation_id, e.workspace_id);
    }
    // A contact's change reaches their conversations still in the queue.
    for (const [contactId, workspaceId] of contacts) {
      const rows = await tx
        .selectFrom('conversations')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', '=', contactId)
        .where('status', '!=', 'resolved')
        .execute();
      for (const r of rows) wanted.set(r.id, workspaceId);
    }
    let changed = 0;
    for (const [conversationId, workspaceId] of wanted) {
      const r = await rescoreConversation(tx, conversationId, now);
      if (r) touched.add(workspaceId);
      if (r?.changed) changed++;
    }
    return changed;
  },
  afterCommit(app) {
    for (const ws of touched) app.bus.poke(ws);
    touched.clear();
  },
};

/** Runs the priority reactor up to the horizon (tests, and the CLI's replay). */
export const followPriorityEvents = (app: App) => runReactor(app, priorityReactor);
