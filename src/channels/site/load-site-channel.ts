import type { App } from '../../app.js';
import { AppError } from '../../lib/errors.js';
import { loadChannel, type LoadedChannel } from '../load-channel.js';
import type { SiteSettings } from './settings.js';

export type SiteChannel = LoadedChannel & { settings: SiteSettings };

// Every visitor request names its channel; rows change rarely, so a short cache spares the database.
const cache = new Map<string, { ch: SiteChannel | null; until: number }>();
const CACHE_MS = 5_000;

/**
 * The site channel a visitor request names by its public key — the channel id, which is public
 * like its webhook URL and cannot be chosen by an admin (so no workspace can claim another's).
 * Unknown ids, other channel types and disabled channels are all "not found".
 */
export async function loadSiteChannel(app: App, channelId: string): Promise<SiteChannel> {
  const now = app.now();
  let hit = cache.get(channelId);
  if (!hit || hit.until < now) {
    const ch = /^[0-9a-f]{28}$/.test(channelId) ? await loadChannel(app.store.db, app.config, channelId) : undefined;
    hit = { ch: ch && ch.row.type === 'site' && ch.row.status === 'active' ? (ch as SiteChannel) : null, until: now + CACHE_MS };
    if (cache.size > 10_000) cache.clear();
    cache.set(channelId, hit);
  }
  if (!hit.ch) throw new AppError('not_found', 'chat not found: check the key in the widget snippet');
  return hit.ch;
}

export function forgetSiteChannel(channelId: string) {
  cache.delete(channelId);
}
