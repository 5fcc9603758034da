import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import type { HeldReplyTable } from '../store/schema.js';
import { presentHeldReply } from './present.js';

/** What the thread shows below its messages: replies still waiting, and those that need the author (rejected, failed). */
export async function listConversationHeld(app: App, input: { workspaceId: string; conversationId: string }) {
  const conv = await app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation');
  const rows = await app.store.db
    .selectFrom('held_replies')
    .selectAll()
    .where('conversation_id', '=', conv.id)
    .where('status', 'in', ['proposed', 'scheduled', 'failed', 'rejected'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(presentHeldReply);
}

/** The approvers' list: proposed replies, oldest first, with where they go and who wrote them. */
export async function listApprovals(app: App, input: { workspaceId: string; limit: number }) {
  const db = app.store.db;
  const base = db.selectFrom('held_replies').where('held_replies.workspace_id', '=', input.workspaceId).where('held_replies.status', '=', 'proposed');
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('conversations', 'conversations.id', 'held_replies.conversation_id')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('users', 'users.id', 'held_replies.author_user_id')
    .selectAll('held_replies')
    .select([
      'conversations.visibility as conv_visibility',
      'conversations.kind as conv_kind',
      'channels.name as channel_name',
      'channels.type as channel_type',
      'contacts.name as contact_name',
      'users.name as author_name',
    ])
    .orderBy('held_replies.created_at')
    .orderBy('held_replies.id')
    .limit(input.limit)
    .execute();
  return {
    count: Number(n),
    approvals: rows.map((r) => ({
      ...presentHeldReply(r as HeldReplyTable),
      authorName: r.author_name,
      conversation: {
        id: r.conversation_id,
        kind: r.conv_kind,
        visibility: r.conv_visibility,
        channel: { name: r.channel_name, type: r.channel_type },
        contactName: r.contact_name,
      },
    })),
  };
}

/** The sidebar's badge: how many replies wait for an approver. */
export async function countApprovals(app: App, workspaceId: string): Promise<number> {
  const { n } = await app.store.db
    .selectFrom('held_replies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'proposed')
    .executeTakeFirstOrThrow();
  return Number(n);
}
