import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { HonoEnv } from '../context.js';

/** The built agent app (npm run build:web writes it; npm start builds it first). */
export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

// Defence in depth for the app shell: message text is rendered as text, and even if something
// slipped through, no inline or foreign script could run.
// img-src: only the networks' own media hosts may be drawn inline (web/src/lib/safe-url.ts keeps the same list).
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https://*.fbcdn.net https://*.cdninstagram.com https://*.twimg.com; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Serves the web app at /: hashed assets from web/dist/assets (cached for a year), and
 * index.html for every other GET that is not an API or webhook path, so client-side routes
 * (/inbox/mine/…) survive a reload.
 */
export function mountWeb(http: Hono<HonoEnv>) {
  http.use(
    '/assets/*',
    serveStatic({
      root: webDist,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  http.get('*', async (c, next) => {
    const p = c.req.path;
    if (p.startsWith('/api/') || p === '/api' || p.startsWith('/webhooks/') || p.startsWith('/assets/') || p.startsWith('/demo/')) return next();
    const index = path.join(webDist, 'index.html');
    if (!existsSync(index)) return c.text('The web app is not built yet: run `npm run build:web` (npm start does it for you).', 503);
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', CSP);
    return c.html(readFileSync(index, 'utf8'));
  });
}
