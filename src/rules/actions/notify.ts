import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { newId } from '../../lib/ids.js';

/**
 * An in-app notification: one row per member (notifications, listed by GET /api/v1/notifications)
 * and a `notification.created` event, which realtime streams carry to the web app at once. E-mail
 * and Slack are not sent yet. Whom: the members named, the conversation's assignee, its team's
 * members; a member is notified once however many of those they are.
 */
export async function notifyMembers(
  app: App,
  input: { workspaceId: string; conversationId: string; ruleId: string | null; userIds: string[]; assignee: boolean; team: boolean; text: string },
): Promise<string> {
  const now = app.now();
  const n = await app.store.db.transaction().execute(async (tx) => {
    const conv = await tx
      .selectFrom('conversations')
      .select(['assignee_id', 'team_id'])
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', input.conversationId)
      .executeTakeFirst();
    const whom = new Set(input.userIds);
    if (input.assignee && conv?.assignee_id) whom.add(conv.assignee_id);
    if (input.team && conv?.team_id)
      for (const m of await tx.selectFrom('team_members').select('user_id').where('team_id', '=', conv.team_id).execute()) whom.add(m.user_id);
    // Only current members (someone named in the rule may have left).
    const members = whom.size
      ? new Set(
          (
            await tx
              .selectFrom('memberships')
              .select('user_id')
              .where('workspace_id', '=', input.workspaceId)
              .where('user_id', 'in', [...whom])
              .execute()
          ).map((m) => m.user_id),
        )
      : new Set<string>();
    for (const userId of members) {
      const id = newId(now);
      await tx
        .insertInto('notifications')
        .values({
          id,
          workspace_id: input.workspaceId,
          user_id: userId,
          conversation_id: input.conversationId,
          rule_id: input.ruleId,
          text: input.text,
          created_at: now,
          read_at: null,
        })
        .execute();
      await appendEvent(tx, {
        workspaceId: input.workspaceId,
        type: 'notification.created',
        conversationId: input.conversationId,
        data: { notificationId: id, userId, text: input.text, ruleId: input.ruleId },
        at: now,
      });
    }
    return members.size;
  });
  app.bus.poke(input.workspaceId);
  return `notified ${n}`;
}
