import type { App } from '../app.js';
import type { SiteChannel } from './load-site-channel.js';
import { visitorThreadKey } from './visitor-messages.js';

/**
 * "The visitor is typing": shown to agents through the same presence frames colleagues use
 * (realtime/presence.ts), as a participant whose id starts with "visitor:". Ephemeral: nothing is
 * written, and it fades after the presence TTL if the widget stops saying so.
 */
export async function setVisitorTyping(app: App, ch: SiteChannel, visitorId: string, typing: boolean) {
  const conv = await app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['conversations.id', 'contacts.name'])
    .where('conversations.workspace_id', '=', ch.row.workspace_id)
    .where('conversations.thread_key', '=', visitorThreadKey(ch.row.id, visitorId))
    .orderBy('conversations.created_at', 'desc')
    .executeTakeFirst();
  if (!conv) return { conversation: false };
  app.presence.update({
    workspaceId: ch.row.workspace_id,
    conversationId: conv.id,
    userId: `visitor:${visitorId}`,
    name: conv.name ?? 'Visitor',
    state: typing ? 'typing' : 'left',
  });
  return { conversation: true };
}
