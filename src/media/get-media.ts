import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { isMediaKey, mediaStoreFor, type StoredMedia } from './storage.js';

/**
 * A stored attachment, for a caller of one workspace. Keys are content hashes shared by every
 * workspace that received the same bytes, so a key is served only when a message of the caller's
 * workspace references it; anything else (another workspace's, unknown, malformed) is a 404.
 */
export async function getMedia(app: App, o: { workspaceId: string; key: string }): Promise<StoredMedia> {
  if (!isMediaKey(o.key)) throw notFound('media');
  const ref = await app.store.db
    .selectFrom('messages')
    .select('id')
    .where('workspace_id', '=', o.workspaceId)
    // The job writes the attachments with JSON.stringify, so the reference has exactly this form.
    .where('attachments', 'like', `%"stored":"${o.key}"%`)
    .limit(1)
    .executeTakeFirst();
  // A file an agent of this workspace uploaded (media/upload-media.ts), before or without a reply.
  if (!ref && !(await uploadedBy(app, o.workspaceId, o.key))) throw notFound('media');
  const media = await mediaStoreFor(app.config).get(o.key);
  if (!media) throw notFound('media');
  return media;
}

/** Pictures, video and sound are shown in the page; anything else (PDF) downloads. */
export const isInlineType = (contentType: string) => /^(image|video|audio)\//.test(contentType) && contentType !== 'image/svg+xml';

async function uploadedBy(app: App, workspaceId: string, key: string): Promise<boolean> {
  const row = await app.store.db
    .selectFrom('media_uploads')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
