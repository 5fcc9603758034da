import type { Hono } from 'hono';
import { z } from 'zod';
import { auditCsv, listAudit } from '../../audit/list-audit.js';
import { recordAudit } from '../../audit/record-audit.js';
import { requirePermission } from '../../auth/roles.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';

const when = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));
const listQuery = z.object({
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/, 'an action ("contact.erased") or a prefix ending in a dot ("contact.")')
    .optional(),
  actorUserId: z.string().max(64).optional(),
  from: when.optional(),
  to: when.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
/** The most rows one CSV export carries; narrow the range for more. */
const CSV_MAX = 10_000;

/** The audit log: who did what in settings, channels, members, exports and erasures. Admins read it. */
export function mountAudit(http: Hono<HonoEnv>) {
  http.use('/api/v1/audit', requireAuth);
  http.use('/api/v1/audit/*', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'Audit entries, newest first; filter by action (or prefix "contact."), actor and time',
    query: listQuery,
    responses: { '200': '{items, nextCursor}', '400': 'bad query', '403': 'needs audit.view' },
  });
  http.get('/api/v1/audit', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'audit.view');
    const q = parseQuery(c, listQuery);
    return c.json(await listAudit(c.get('app').store.db, { workspaceId: p.workspaceId, ...q }));
  });

  describe({
    method: 'get',
    path: '/api/v1/audit/export.csv',
    tag: 'audit',
    summary: `The audit entries matching the filters as CSV (at most ${CSV_MAX}); the export itself is audited`,
    query: listQuery.omit({ limit: true, cursor: true }),
    responses: { '200': 'text/csv', '400': 'bad query', '403': 'needs audit.view' },
  });
  http.get('/api/v1/audit/export.csv', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'audit.view');
    const { limit: _l, cursor: _c, ...q } = parseQuery(c, listQuery);
    const app = c.get('app');
    const page = await listAudit(app.store.db, { workspaceId: p.workspaceId, ...q, limit: CSV_MAX });
    await recordAudit(app.store.db, {
      workspaceId: p.workspaceId,
      actor: { userId: p.userId, via: p.via },
      action: 'audit.exported',
      targetType: 'audit_log',
      data: { rows: page.items.length, ...q },
      now: app.now(),
    });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="hearken-audit-${new Date(app.now()).toISOString().slice(0, 10)}.csv"`);
    return c.body(auditCsv(page.items));
  });
}
