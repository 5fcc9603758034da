import type { App } from '../../app.js';
import { moderateMessage } from '../../conversations/moderate-message.js';
import { AppError } from '../../lib/errors.js';

/**
 * Hides or deletes the customer's latest public comment of the conversation through the
 * moderation use-case (the channel's capabilities decide; its refusal is the action's error).
 */
export async function moderateLatest(app: App, input: { workspaceId: string; conversationId: string; actorUserId: string | null; action: 'hide' | 'delete' }) {
  const msg = await app.store.db
    .selectFrom('messages')
    .select('id')
    .where('workspace_id', '=', input.workspaceId)
    .where('conversation_id', '=', input.conversationId)
    .where('direction', '=', 'in')
    .where('visibility', '=', 'public')
    .where('deleted_at', 'is', null)
    .where('external_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!msg) throw new AppError('capability_unsupported', 'there is no public comment by the customer to moderate');
  await moderateMessage(app, {
    workspaceId: input.workspaceId,
    conversationId: input.conversationId,
    messageId: msg.id,
    action: input.action,
    actorUserId: input.actorUserId,
  });
}
