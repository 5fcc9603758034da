import type { App } from '../app.js';
import { addNote } from '../conversations/add-note.js';
import { assignConversation } from '../conversations/assign.js';
import { reply } from '../conversations/reply.js';
import { setStatus } from '../conversations/set-status.js';
import { updateConversation } from '../conversations/update-conversation.js';
import { updateTags } from '../conversations/update-tags.js';
import { notFound } from '../lib/errors.js';
import type { MacroAction } from './model.js';

/**
 * Runs a macro's actions on one conversation as the member, in order, through the same commands
 * the buttons use (so every event names the member). Stand-in until the rules' applyActions is
 * merged (rules/actions/apply.ts); the macro's contract does not change when it is.
 */
export async function runMacroActions(app: App, input: { workspaceId: string; conversationId: string; userId: string; actions: MacroAction[] }) {
  const base = { workspaceId: input.workspaceId, conversationId: input.conversationId, actorUserId: input.userId };
  for (const a of input.actions) {
    switch (a.type) {
      case 'assign':
        await assignConversation(app, { ...base, assigneeId: a.assigneeId, teamId: a.teamId });
        break;
      case 'add_tags':
        await updateTags(app, { ...base, add: a.tags, remove: [] });
        break;
      case 'remove_tags':
        await updateTags(app, { ...base, add: [], remove: a.tags });
        break;
      case 'set_priority':
        await updateConversation(app, { ...base, priority: a.priority });
        break;
      case 'set_status': {
        const cur = await app.store.db.selectFrom('conversations').select('status').where('id', '=', input.conversationId).executeTakeFirst();
        if (cur?.status === a.status && a.status !== 'snoozed') break;
        await setStatus(app, { ...base, status: a.status, snoozedUntil: a.status === 'snoozed' ? app.now() + (a.snoozeMinutes ?? 60) * 60_000 : undefined });
        break;
      }
      case 'add_note':
        await addNote(app, { ...base, text: a.text });
        break;
      case 'send_saved_reply': {
        const r = await app.store.db
          .selectFrom('saved_replies')
          .select('body')
          .where('workspace_id', '=', input.workspaceId)
          .where('id', '=', a.savedReplyId)
          .executeTakeFirst();
        if (!r) throw notFound('saved reply');
        await reply(app, { ...base, authorKind: 'human', text: r.body });
        break;
      }
    }
  }
}
