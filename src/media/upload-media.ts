import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { storableType } from './fetch-media.js';
import { mediaStoreFor } from './storage.js';

/** What an upload answers, and what a reply's `attachments` names by `id`. */
export interface UploadedMedia {
  id: string;
  url: string;
  mime: string;
  size: number;
  name: string;
}

/** The largest upload: the media store's own limit (HEARKEN_MEDIA_MAX_BYTES), the same as for fetched media. */
export const uploadLimitOf = (app: App) => app.config.media.maxBytes;

/**
 * A file an agent means to send. The same allow-list as media fetched from the networks
 * (pictures, video, sound, PDF; never SVG, which can carry script), the same size limit, stored
 * content-addressed in the same store; the row in media_uploads makes it this workspace's.
 */
export async function uploadMedia(
  app: App,
  o: { workspaceId: string; userId: string | null; bytes: Uint8Array; contentType: string; name: string | null },
): Promise<UploadedMedia> {
  const mime = o.contentType.split(';')[0].trim().toLowerCase();
  if (!storableType(mime)) {
    throw new AppError('unsupported_media_type', `files of type ${mime || '(none)'} cannot be sent: only pictures, video, sound and PDF`, [
      { field: 'file', reason: 'must be an image, video, audio or PDF (not SVG)' },
    ]);
  }
  const max = uploadLimitOf(app);
  if (o.bytes.byteLength > max)
    throw new AppError('payload_too_large', `the file is larger than ${max} bytes`, [{ field: 'file', reason: `at most ${max} bytes` }]);
  if (o.bytes.byteLength === 0) throw new AppError('invalid_request', 'file: is empty', [{ field: 'file', reason: 'is empty' }]);
  const key = await mediaStoreFor(app.config).put(o.bytes, mime);
  const now = app.now();
  const row = {
    id: newId(now),
    workspace_id: o.workspaceId,
    key,
    content_type: mime,
    size: o.bytes.byteLength,
    name: cleanName(o.name, mime),
    uploaded_by: o.userId,
    created_at: now,
  };
  await app.store.db.insertInto('media_uploads').values(row).execute();
  return presentUpload(row);
}

export function presentUpload(r: { id: string; key: string; content_type: string; size: number; name: string }): UploadedMedia {
  return { id: r.id, url: `/api/v1/media/${r.key}`, mime: r.content_type, size: Number(r.size), name: r.name };
}

/** A file name as a customer will see it: no path, no control characters, bounded; a plain default. */
export function cleanName(raw: string | null, mime: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  if (name && name !== '.' && name !== '..') return name;
  const ext = mime === 'application/pdf' ? 'pdf' : (mime.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '').slice(0, 8) || 'bin';
  return `file.${ext}`;
}
