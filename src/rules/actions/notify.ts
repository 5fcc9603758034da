import type { App } from '../../app.js';
import { createNotifications } from '../../notifications/create-notifications.js';

/**
 * The rule action "notify": a notification for each member named, the conversation's assignee,
 * its team's members (once each however many of those they are; members who switched rule
 * notifications off are skipped), written by notifications/create-notifications.ts. With `email`,
 * each is mailed too, from a job (a mail server that is down never holds the rule up).
 */
export async function notifyMembers(
  app: App,
  input: {
    workspaceId: string;
    conversationId: string;
    ruleId: string | null;
    userIds: string[];
    assignee: boolean;
    team: boolean;
    text: string;
    email?: boolean;
  },
): Promise<string> {
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
    // Only current members (someone named in the rule may have left): createNotifications checks.
    const ids = await createNotifications(app, tx, {
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      kind: 'rule',
      userIds: whom,
      ruleId: input.ruleId,
      text: input.text,
      email: input.email ? 'always' : 'never',
    });
    return ids.length;
  });
  app.bus.poke(input.workspaceId);
  if (input.email && n) app.bus.poke('__jobs__');
  return `notified ${n}`;
}
