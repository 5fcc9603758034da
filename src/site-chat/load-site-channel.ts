import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import type { LoadedChannel } from '../channels/load-channel.js';
import type { SiteSettings } from '../channels/site/settings.js';

export type SiteChannel = LoadedChannel & { settings: SiteSettings };

/**
 * The site channel a visitor request names by its public key — the channel id, which is public
 * like its webhook URL and cannot be chosen by an admin (so no workspace can claim another's).
 * Unknown ids, other channel types and disabled channels are all "not found".
 */
export async function loadSiteChannel(app: App, channelId: string): Promise<SiteChannel> {
  // Every visitor request names its channel: the app's directory spares the database and sees a
  // disabled channel at once. The shape check keeps made-up keys from reaching the database.
  const ch = /^[0-9a-f]{28}$/.test(channelId) ? await app.channels.get(channelId) : undefined;
  if (!ch || ch.row.type !== 'site' || ch.row.status !== 'active') throw new AppError('not_found', 'chat not found: check the key in the widget snippet');
  return ch as SiteChannel;
}
