import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { buildListeningReport, REPORT_TABLES, reportCsv } from '../../listening/reports/build-report.js';
import { notFound } from '../../lib/errors.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const reportQuery = z.object({
  from: date,
  to: date,
  /** Comma-separated query ids; none = every query of the workspace. */
  queries: z
    .string()
    .max(4000)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(64)).max(50))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
const tableQuery = reportQuery.extend({ format: z.enum(['json', 'csv']).default('json') });

const T = 'listening';
describe({
  method: 'get',
  path: '/api/v1/listening/reports',
  tag: T,
  summary: "Listening report (agent+): volume and sentiment per day per query (days in the workspace's zone), share of voice, top authors, top terms",
  query: reportQuery,
  responses: { '200': 'report', '404': 'a query id is not this workspace’s' },
});
describe({
  method: 'get',
  path: '/api/v1/listening/reports/{table}',
  tag: T,
  summary: `One table of the listening report (${REPORT_TABLES.join(', ')}); format=csv downloads it`,
  query: tableQuery,
  responses: { '200': 'JSON or text/csv' },
});

export function mountListeningReports(http: Hono<HonoEnv>) {
  // mountListening already authenticates /api/v1/listening/*; authenticate here only if it did not
  // run first (module order), so a report is never served without a principal.
  const auth: MiddlewareHandler<HonoEnv> = (c, next) => (c.get('principal') ? next() : requireAuth(c, next));
  http.use('/api/v1/listening/reports', auth);
  http.use('/api/v1/listening/reports/*', auth);

  http.get('/api/v1/listening/reports', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    const q = parseQuery(c, reportQuery);
    return c.json(await buildListeningReport(c.get('app'), { workspaceId: p.workspaceId, from: q.from, to: q.to, queryIds: q.queries, limit: q.limit }));
  });

  http.get('/api/v1/listening/reports/:table', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'listening.use');
    const table = REPORT_TABLES.find((t) => t === c.req.param('table'));
    if (!table) throw notFound('report table');
    const q = parseQuery(c, tableQuery);
    const r = await buildListeningReport(c.get('app'), { workspaceId: p.workspaceId, from: q.from, to: q.to, queryIds: q.queries, limit: q.limit });
    if (q.format === 'json') {
      const key = ({ volume: 'volume', 'share-of-voice': 'shareOfVoice', 'top-authors': 'topAuthors', 'top-terms': 'topTerms' } as const)[table];
      return c.json({ from: r.from, to: r.to, timeZone: r.timeZone, [key]: r[key] });
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="hearken-listening-${table}-${r.from}-${r.to}.csv"`);
    return c.body(reportCsv(r, table));
  });
}
