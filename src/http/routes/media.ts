import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { getMedia, isInlineType } from '../../media/get-media.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { mountMediaUpload } from './media-upload.js';

describe({
  method: 'get',
  path: '/api/v1/media/{key}',
  tag: 'media',
  summary: "An attachment stored from a network's media host (the key is an attachment's `stored`); only for the workspace whose messages reference it",
  responses: { '200': 'the bytes, with the stored content type', '404': 'unknown key, or not referenced by this workspace' },
});

export function mountMedia(http: Hono<HonoEnv>) {
  mountMediaUpload(http);
  http.use('/api/v1/media/*', requireAuth);
  http.get('/api/v1/media/:key', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    const m = await getMedia(c.get('app'), { workspaceId: c.get('principal').workspaceId, key: c.req.param('key') });
    return new Response(m.body(), {
      headers: {
        'content-type': m.contentType,
        'content-length': String(m.size),
        'x-content-type-options': 'nosniff',
        'content-disposition': isInlineType(m.contentType) ? 'inline' : `attachment; filename="${m.key.slice(0, 16)}"`,
        // Content-addressed: the bytes under a key never change. Private: access depends on the workspace.
        'cache-control': 'private, max-age=31536000, immutable',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
  });
}
