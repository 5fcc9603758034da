import type { App } from '../app.js';
import { loadConversation } from './load-conversation.js';

/** Clears the unread counter (the agent opened it). Not an event: it would flood the log. */
export async function markRead(app: App, input: { workspaceId: string; conversationId: string }) {
  const conv = await loadConversation(app.store.db, input.workspaceId, input.conversationId, { merged: 'allow' });
  if (conv.unread) await app.store.db.updateTable('conversations').set({ unread: 0 }).where('id', '=', conv.id).execute();
  return { ...conv, unread: 0 };
}
