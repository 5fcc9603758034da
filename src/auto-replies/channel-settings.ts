import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { settingsFor } from './settings.js';

/** One channel's auto-reply settings in force and their source; another workspace's channel is 404. */
export async function channelAutoReplies(app: App, workspaceId: string, channelId: string) {
  const ch = await app.store.db.selectFrom('channels').select('id').where('workspace_id', '=', workspaceId).where('id', '=', channelId).executeTakeFirst();
  if (!ch) throw notFound('channel');
  return { channelId, ...(await settingsFor(app.store.db, workspaceId, channelId)) };
}
