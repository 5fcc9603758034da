import type { App } from '../app.js';
import { assignWithin } from '../conversations/assign.js';

export type ReturnReason = 'no_answer' | 'offline';

/**
 * Takes a conversation back from its assignee into its team's queue (performer "routing"), when
 * it is still theirs and open; routing then offers it to someone else (routing_returns keeps it
 * from going straight back to them). Returns whether it moved.
 */
export async function returnToQueue(
  app: App,
  input: { workspaceId: string; conversationId: string; fromUserId: string; reason: ReturnReason },
): Promise<boolean> {
  const now = app.now();
  const moved = await app.store.db.transaction().execute(async (tx) => {
    const conv = await app.store.dialect
      .lockRows(
        tx
          .selectFrom('conversations')
          .select(['assignee_id', 'team_id', 'status'])
          .where('workspace_id', '=', input.workspaceId)
          .where('id', '=', input.conversationId),
      )
      .executeTakeFirst();
    if (!conv || conv.assignee_id !== input.fromUserId || conv.status !== 'open' || conv.team_id === null) return false;
    await assignWithin(
      tx,
      { workspaceId: input.workspaceId, conversationId: input.conversationId, actorUserId: null, assigneeId: null, performer: 'routing' },
      now,
    );
    await tx
      .insertInto('routing_returns')
      .values({ workspace_id: input.workspaceId, conversation_id: input.conversationId, user_id: input.fromUserId, reason: input.reason, at: now })
      .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ reason: input.reason, at: now }))
      .execute();
    return true;
  });
  if (moved) app.bus.poke(input.workspaceId);
  return moved;
}
