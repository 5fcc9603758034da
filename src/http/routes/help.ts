import type { Hono } from 'hono';
import { listDocs, readDoc } from '../../help/docs.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';

const T = 'help';
describe({ method: 'get', path: '/api/v1/help/docs', tag: T, summary: 'The guides shipped with this installation: README and docs/*.md ({slug, title})' });
describe({
  method: 'get',
  path: '/api/v1/help/docs/{slug}',
  tag: T,
  summary: 'One guide as Markdown ({slug, title, markdown})',
  responses: { '200': 'the guide', '404': 'no guide by that name' },
});

/** The help page's guides (src/help/docs.ts); any signed-in member may read them. */
export function mountHelp(http: Hono<HonoEnv>) {
  http.use('/api/v1/help/*', requireAuth);
  http.get('/api/v1/help/docs', (c) => c.json({ docs: listDocs() }));
  http.get('/api/v1/help/docs/:slug', (c) => c.json(readDoc(c.req.param('slug'))));
}
