import type { App } from '../../app.js';
import { addNote } from '../../conversations/add-note.js';
import { assignConversation } from '../../conversations/assign.js';
import { reply } from '../../conversations/reply.js';
import { setStatus } from '../../conversations/set-status.js';
import { updateConversation } from '../../conversations/update-conversation.js';
import { updateTags } from '../../conversations/update-tags.js';
import { actAsRule } from '../../events/rule-actor.js';
import { fillForConversation } from '../../saved-replies/fill-for-conversation.js';
import { savedReplyTextFor } from '../../saved-replies/text-for-conversation.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Action, Performer } from '../model.js';
import { moderateLatest } from './moderate-latest.js';
import { notifyMembers } from './notify.js';
import { queueRuleSurvey } from './send-survey.js';
import { queueRuleWebhook } from './webhook.js';

export interface ActionResult {
  type: Action['type'];
  ok: boolean;
  /** Why it failed (the use-case's own message), or what it did when that is worth saying ("already resolved"). */
  note?: string;
}

export interface ApplyResult {
  results: ActionResult[];
  /** A `stop_processing` action ran: no later rule runs for this event. */
  stop: boolean;
}

export interface ApplyInput {
  workspaceId: string;
  conversationId: string;
  actions: readonly Action[];
  performer: Performer;
  /** For rules: how deep in a chain of rule-made changes this firing is (1 = reacting to a person or the customer). */
  depth?: number;
  /** For rules: what the webhook action describes (the firing and its event). */
  firing?: { id: string; eventType: string; eventId: number | null };
}

/**
 * Applies actions to one conversation, in order, through the existing use-cases (each in its own
 * transaction): the one executor behind automation rules (performer `{ kind: 'rule' }`) and
 * macros (performer `{ kind: 'user' }`). An action that fails is recorded and the next one still
 * runs. Changes made for a rule carry it as their actor (events.actor_rule_id, events/rule-actor.ts),
 * so the activity log shows the rule and the rules reactor knows not to let it trigger others.
 * Must not be called inside a transaction (the use-cases open their own).
 */
export async function applyActions(app: App, input: ApplyInput): Promise<ApplyResult> {
  const run = async () => {
    const results: ActionResult[] = [];
    let stop = false;
    for (const action of input.actions) {
      if (action.type === 'stop_processing') {
        stop = true;
        results.push({ type: action.type, ok: true });
        continue;
      }
      try {
        const note = await applyOne(app, input, action);
        results.push(note ? { type: action.type, ok: true, note } : { type: action.type, ok: true });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ type: action.type, ok: false, note: err.message });
      }
    }
    return { results, stop };
  };
  const p = input.performer;
  return p.kind === 'rule' ? actAsRule({ ruleId: p.ruleId, depth: input.depth ?? 1 }, run) : run();
}

async function applyOne(app: App, input: ApplyInput, a: Exclude<Action, { type: 'stop_processing' }>): Promise<string | undefined> {
  const { workspaceId, conversationId } = input;
  const actorUserId = input.performer.kind === 'user' ? input.performer.userId : null;
  const authorKind = input.performer.kind === 'user' ? 'human' : 'automation';
  const base = { workspaceId, conversationId, actorUserId };
  switch (a.type) {
    case 'assign':
      await assignConversation(app, { ...base, assigneeId: a.assigneeId, teamId: a.teamId });
      return;
    case 'add_tags':
      await updateTags(app, { ...base, add: a.tags, remove: [] });
      return;
    case 'remove_tags':
      await updateTags(app, { ...base, add: [], remove: a.tags });
      return;
    case 'set_priority':
      await updateConversation(app, { ...base, priority: a.priority });
      return;
    case 'set_status':
      try {
        await setStatus(app, { ...base, status: a.status, snoozedUntil: a.status === 'snoozed' ? app.now() + a.snoozeMinutes! * 60_000 : undefined });
      } catch (err) {
        // Already in that status is what the action wanted: not a failure.
        if (err instanceof AppError && err.code === 'conflict') return err.message;
        throw err;
      }
      return;
    case 'add_note':
      await addNote(app, { ...base, text: a.text });
      return;
    case 'send_saved_reply': {
      // In the conversation's language when the saved reply has that translation (rules and macros alike).
      const saved = await savedReplyTextFor(app.store.db, { workspaceId, conversationId, savedReplyId: a.savedReplyId });
      const text = await fillForConversation(app.store.db, { workspaceId, conversationId, actorUserId, body: saved.body });
      await reply(app, { ...base, authorKind, text });
      // The firing's log then says which text went (worth knowing when a customer got the fallback).
      return saved.source === 'translation' ? `sent the "${saved.language}" text` : undefined;
    }
    case 'send_survey':
      return queueRuleSurvey(app, workspaceId, conversationId);
    case 'move_to_private': {
      const conv = await app.store.db
        .selectFrom('conversations')
        .select('visibility')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', conversationId)
        .executeTakeFirst();
      if (!conv) throw notFound('conversation');
      if (conv.visibility !== 'public') throw new AppError('conflict', 'the conversation is already private');
      await reply(app, { ...base, authorKind, text: a.text, visibility: 'private', publicNote: a.publicNote });
      return;
    }
    case 'moderate':
      await moderateLatest(app, { ...base, action: a.action });
      return;
    case 'notify':
      return notifyMembers(app, { workspaceId, conversationId, ruleId: input.performer.kind === 'rule' ? input.performer.ruleId : null, ...a });
    case 'webhook':
      await queueRuleWebhook(app, { workspaceId, conversationId, url: a.url, performer: input.performer, firing: input.firing ?? null });
      return;
  }
}
