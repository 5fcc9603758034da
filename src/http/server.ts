import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isUploadRequest } from './routes/media-upload.js';
import { secureHeaders } from 'hono/secure-headers';
import type { App } from '../app.js';
import { newId } from '../lib/ids.js';
import { AppError } from '../lib/errors.js';
import type { HonoEnv } from './context.js';
import { onError } from './errors.js';
import { refuseNulInPath } from './hostile-url.js';
import { openApiDocument } from './openapi.js';
import { routeModules } from './routes/index.js';
import { observeHttp } from './request-log.js';

/** Builds the HTTP app: request ids, body limit, security headers, every route module, one error mapper. */
export function buildHttp(app: App): Hono<HonoEnv> {
  const http = new Hono<HonoEnv>();
  http.use('*', async (c, next) => {
    c.set('app', app);
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || newId());
    const start = performance.now();
    await next();
    c.header('x-request-id', c.get('requestId'));
    // routePath is the pattern that matched ("/api/v1/conversations/:id"); unmatched paths share one series.
    const route = c.res.status === 404 && c.req.routePath === '/*' ? '(unmatched)' : c.req.routePath;
    observeHttp(app, route, c.req.method, c.res.status, (performance.now() - start) / 1000);
  });
  http.use('*', refuseNulInPath);
  // overwrite: false lets a route that must differ keep its own header (the chat widget is loaded cross-origin).
  http.use('*', secureHeaders({ overwrite: false }));
  const limit = bodyLimit({
    maxSize: app.config.bodyLimitBytes,
    onError: () => {
      throw new AppError('payload_too_large', `request body is larger than ${app.config.bodyLimitBytes} bytes`);
    },
  });
  // File uploads have their own limit, the media store's (routes/media-upload.ts).
  http.use('*', (c, next) => (isUploadRequest(c.req.method, c.req.path) ? next() : limit(c, next)));
  http.get('/healthz', (c) => c.json({ ok: true, dialect: app.store.dialect.name }));
  http.get('/openapi.json', (c) => c.json(openApiDocument(app.config.publicUrl)));
  for (const mount of routeModules) mount(http);
  http.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  http.onError(onError);
  return http;
}
