import type { ChannelAdapter } from '../channels/contract/adapter.js';
import type { ChannelAccess, MediaContext } from '../channels/contract/context.js';
import type { MediaFetch } from '../channels/contract/media.js';
import { allAdapters } from '../channels/registry.js';
import type { StoredAttachment } from './fetch-media-job.js';

/**
 * Media a network sends by id rather than by URL, as its parser keeps them on the attachment
 * (each adapter's `mediaRef` knows its own form): the adapter that can fetch it, and the id.
 */
export interface MediaRef {
  adapter: ChannelAdapter;
  id: string;
}

// By network, not channel type: an API channel speaking for a network carries that network's references.
const byNetwork = new Map(allAdapters().flatMap((a) => (a.mediaRef && a.fetchMedia ? [[a.network, a] as const] : [])));

export function mediaRefOf(a: StoredAttachment, network: string): MediaRef | null {
  const adapter = byNetwork.get(network);
  const id = adapter?.mediaRef?.(a);
  return adapter && id ? { adapter, id } : null;
}

/**
 * Resolves and downloads one by-id attachment with the credentials of the channel that received
 * it. Only that network's own channel type can: an API channel speaking for the network holds no
 * token for it, so its references are refused with the reason.
 */
export function fetchByRef(ref: MediaRef, channel: ChannelAccess | undefined, ctx: MediaContext): Promise<MediaFetch> {
  const { adapter } = ref;
  if (!channel || channel.row.type !== adapter.type) {
    const what = adapter.displayName;
    return Promise.resolve({ ok: false, final: true, error: `not stored: only a ${what} channel can fetch ${what} media by id` });
  }
  return adapter.fetchMedia!(ctx, channel, ref.id);
}
