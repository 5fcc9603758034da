import { blueskyAdapter } from './bluesky/adapter.js';
import { channelsAdapter } from './channels/adapter.js';
import { mastodonAdapter } from './mastodon/adapter.js';
import { redditAdapter } from './reddit/adapter.js';
import { rssAdapter } from './rss/adapter.js';
import type { SourceAdapter } from './types.js';
import { xSearchAdapter } from './x/adapter.js';
import { xStreamAdapter } from './x-stream/adapter.js';
import { youtubeAdapter } from './youtube/adapter.js';

/** Every listening source kind. Adding one: a folder with its adapter, fixtures and tests, and a line here. */
export const sourceAdapters: Record<string, SourceAdapter> = {
  rss: rssAdapter,
  reddit: redditAdapter,
  mastodon: mastodonAdapter,
  x: xSearchAdapter,
  x_stream: xStreamAdapter,
  bluesky: blueskyAdapter,
  youtube: youtubeAdapter,
  channels: channelsAdapter,
};

export const SOURCE_KINDS = Object.keys(sourceAdapters) as [string, ...string[]];
