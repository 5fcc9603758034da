import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import type { ConversationKind } from '../store/schema.js';

/**
 * Tests only: a waiting conversation put straight into a team's queue (contact and conversation
 * rows, and the conversation.assigned event a person or a rule moving it to the team would write),
 * so routing tests can make a thousand of them quickly.
 */
export async function buildWaiting(app: App, o: WaitingInput): Promise<string> {
  return (await buildWaitingMany(app, o, 1))[0]!;
}

type WaitingInput = {
  workspaceId: string;
  channelId: string;
  teamId: string;
  kind?: ConversationKind;
  language?: string | null;
  waitingSince?: number;
  tags?: string[];
};

/** `n` of them in one transaction. */
export async function buildWaitingMany(app: App, o: WaitingInput, n: number): Promise<string[]> {
  const now = app.now();
  const ids: string[] = [];
  await app.store.db.transaction().execute(async (tx) => {
    for (let i = 0; i < n; i++) {
      const id = newId(now);
      const contactId = newId(now);
      ids.push(id);
      await tx
        .insertInto('contacts')
        .values({ id: contactId, workspace_id: o.workspaceId, name: 'Customer', attributes: '{}', merged_into_id: null, created_at: now, updated_at: now })
        .execute();
      await tx
        .insertInto('conversations')
        .values({
          id,
          workspace_id: o.workspaceId,
          channel_id: o.channelId,
          contact_id: contactId,
          kind: o.kind ?? 'chat',
          visibility: 'private',
          status: 'open',
          priority: 0,
          assignee_id: null,
          team_id: o.teamId,
          subject: null,
          thread_key: `t-${id}`,
          public_item_id: null,
          linked_conversation_id: null,
          snoozed_until: null,
          last_message_at: o.waitingSince ?? now,
          waiting_since: o.waitingSince ?? now,
          last_inbound_at: o.waitingSince ?? now,
          language: o.language ?? null,
          sentiment: null,
          unread: 1,
          created_at: now,
          updated_at: now,
          resolved_at: null,
        })
        .execute();
      for (const tag of o.tags ?? []) await tx.insertInto('conversation_tags').values({ workspace_id: o.workspaceId, conversation_id: id, tag }).execute();
      await appendEvent(tx, {
        workspaceId: o.workspaceId,
        type: 'conversation.assigned',
        conversationId: id,
        data: { assigneeId: null, teamId: o.teamId, previousAssigneeId: null, previousTeamId: null },
        at: now,
      });
    }
  });
  return ids;
}
