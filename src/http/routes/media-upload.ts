import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireAnyPermission } from '../../auth/roles.js';
import { AppError } from '../../lib/errors.js';
import { uploadLimitOf, uploadMedia } from '../../media/upload-media.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';

describe({
  method: 'post',
  path: '/api/v1/media',
  tag: 'media',
  summary:
    "Upload a file to send with a reply: multipart/form-data with a `file` field, or the raw bytes with their Content-Type (name in `?name=`). Pictures, video, sound and PDF (not SVG), up to HEARKEN_MEDIA_MAX_BYTES. Answers {id, url, mime, size, name}; give `id` in a reply's `attachments`",
  responses: { '201': 'stored', '400': 'no file, or empty', '413': 'too large', '415': 'type not allowed' },
});

/** Multipart framing (boundaries, part headers) on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** POST /api/v1/media is the one route allowed past the server-wide body limit: it has its own (server.ts). */
export const isUploadRequest = (method: string, path: string) => method === 'POST' && path === '/api/v1/media';

export function mountMediaUpload(http: Hono<HonoEnv>) {
  // Exactly this path: '/api/v1/media/*' (media.ts) does not cover it.
  http.use('/api/v1/media', requireAuth);
  http.post(
    '/api/v1/media',
    (c, next) => {
      const max = uploadLimitOf(c.get('app')) + MULTIPART_OVERHEAD;
      return bodyLimit({
        maxSize: max,
        onError: () => {
          throw new AppError('payload_too_large', `the file is larger than ${uploadLimitOf(c.get('app'))} bytes`, [{ field: 'file', reason: 'too large' }]);
        },
      })(c, next);
    },
    async (c) => {
      const p = c.get('principal');
      // Files go with replies: either kind of reply permission (the reply itself checks which).
      requireAnyPermission(p, ['conversations.reply_private', 'conversations.reply_public']);
      const file = await readFile(c);
      const uploaded = await uploadMedia(c.get('app'), { workspaceId: p.workspaceId, userId: p.userId, ...file });
      return c.json(uploaded, 201);
    },
  );
}

async function readFile(c: Context<HonoEnv>): Promise<{ bytes: Uint8Array; contentType: string; name: string | null }> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('invalid_request', 'body: not a readable multipart form', [{ field: '(body)', reason: 'malformed multipart' }]);
    }
    const f = form.get('file');
    if (!(f instanceof File))
      throw new AppError('invalid_request', 'file: missing (send the file in a multipart field named "file")', [{ field: 'file', reason: 'required' }]);
    return { bytes: new Uint8Array(await f.arrayBuffer()), contentType: f.type, name: f.name || null };
  }
  if (!type)
    throw new AppError('invalid_request', "content-type: required (multipart/form-data, or the file's own type)", [
      { field: 'content-type', reason: 'required' },
    ]);
  return { bytes: new Uint8Array(await c.req.arrayBuffer()), contentType: type, name: c.req.query('name') ?? null };
}
