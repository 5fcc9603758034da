import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { UNANALYSED } from '../store/row-defaults.js';
import { invalid } from '../lib/errors.js';
import { indexMessage } from '../search/index-message.js';
import type { MessageTable } from '../store/schema.js';
import { loadConversation } from './load-conversation.js';

/**
 * An internal note: never sent anywhere, visible to the team only, searchable. Mentioned members
 * are named in the event, which is what their notifications follow. Without an actor it is an
 * automation's note (an automation rule, src/rules/): author kind "automation".
 */
export async function addNote(app: App, input: { workspaceId: string; conversationId: string; actorUserId: string | null; text: string; mentions?: string[] }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const mentioned = [...new Set(input.mentions ?? [])];
    if (mentioned.length) {
      const members = await tx
        .selectFrom('memberships')
        .select('user_id')
        .where('workspace_id', '=', input.workspaceId)
        .where('user_id', 'in', mentioned)
        .execute();
      const known = new Set(members.map((m) => m.user_id));
      const stranger = mentioned.find((id) => !known.has(id));
      if (stranger) throw invalid('mentions', `${stranger} is not a member of this workspace`);
    }
    const m: MessageTable = {
      id: newId(now),
      workspace_id: conv.workspace_id,
      conversation_id: conv.id,
      channel_id: conv.channel_id,
      direction: 'note',
      author_kind: input.actorUserId ? 'human' : 'automation',
      author_user_id: input.actorUserId,
      visibility: 'private',
      body: input.text,
      attachments: '[]',
      external_id: null,
      reply_to_external_id: null,
      network_ts: null,
      received_at: now,
      delivery_status: 'received',
      delivery_error: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
      ...UNANALYSED,
    };
    await tx.insertInto('messages').values(m).execute();
    await indexMessage(tx, app.store.dialect, { id: m.id, workspaceId: m.workspace_id, text: m.body });
    await tx.updateTable('conversations').set({ updated_at: now }).where('id', '=', conv.id).execute();
    await appendEvent(tx, {
      workspaceId: conv.workspace_id,
      type: 'note.added',
      conversationId: conv.id,
      actorUserId: input.actorUserId,
      data: { messageId: m.id, mentionedUserIds: mentioned },
      at: now,
    });
    return m;
  });
  app.bus.poke(input.workspaceId);
  return row;
}
