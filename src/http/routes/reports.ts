import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { computeMetrics } from '../../metrics/compute-metrics.js';
import { formatReport, reportDays } from '../../metrics/format-report.js';
import { dashboardExtras } from '../../reports/dashboard.js';
import { loadSchedule, presentSchedule, saveSchedule, scheduleSchema } from '../../reports/schedule.js';
import { sendReport } from '../../reports/send-report.js';
import { parseJson } from '../../lib/json.js';
import { conflict } from '../../lib/errors.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';
import { metricsQuery } from './metrics.js';

const dashboardQuery = metricsQuery.omit({ by: true });
const sendNowBody = z.object({ frequency: z.enum(['weekly', 'monthly']).optional(), recipients: z.array(z.email().max(254)).min(1).max(20).optional() });

const T = 'reports';
describe({
  method: 'get',
  path: '/api/v1/reports/dashboard',
  tag: T,
  summary: 'First-response distribution and sentiment mix for the dashboard (same period and filters as /metrics)',
  query: dashboardQuery,
});
describe({
  method: 'get',
  path: '/api/v1/reports/export',
  tag: T,
  summary: 'The metrics table as a CSV file (same query as /metrics)',
  query: metricsQuery,
  responses: { '200': 'text/csv' },
});
describe({
  method: 'get',
  path: '/api/v1/reports/schedule',
  tag: T,
  summary: 'The e-mailed report schedule (weekly or monthly, recipients) and its last result',
});
describe({ method: 'put', path: '/api/v1/reports/schedule', tag: T, summary: 'Set the e-mailed report schedule (admin)', body: scheduleSchema });
describe({
  method: 'post',
  path: '/api/v1/reports/schedule/send-now',
  tag: T,
  summary: 'Send the report of the last whole period now (admin); 502 with the mail server text on failure',
  body: sendNowBody,
});

export function mountReports(http: Hono<HonoEnv>) {
  http.use('/api/v1/reports/*', requireAuth);

  http.get('/api/v1/reports/dashboard', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    const { from, to, time, tz, channel, kind, team, agent, tag } = parseQuery(c, dashboardQuery);
    return c.json(
      await dashboardExtras(c.get('app'), {
        workspaceId: c.get('principal').workspaceId,
        from,
        to,
        time,
        timeZone: tz,
        filters: { channel, kind, team, agent, tag },
      }),
    );
  });

  http.get('/api/v1/reports/export', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    const { from, to, by, time, tz, channel, kind, team, agent, tag } = parseQuery(c, metricsQuery);
    const r = await computeMetrics(c.get('app'), {
      workspaceId: c.get('principal').workspaceId,
      from,
      to,
      by,
      time,
      timeZone: tz,
      filters: { channel, kind, team, agent, tag },
    });
    const days = reportDays(r);
    const name = `hearken-metrics-${by.join('-') || 'total'}-${days.first}-${days.last}.csv`;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    return c.body(formatReport(r, 'csv') + '\n');
  });

  http.get('/api/v1/reports/schedule', async (c) => c.json(presentSchedule(await loadSchedule(c.get('app').store.db, c.get('principal').workspaceId))));

  http.put('/api/v1/reports/schedule', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const schedule = await parseBody(c, scheduleSchema);
    return c.json(await saveSchedule(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, schedule }));
  });

  http.post('/api/v1/reports/schedule/send-now', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const body = await parseBody(c, sendNowBody);
    const saved = await loadSchedule(c.get('app').store.db, p.workspaceId);
    const recipients = body.recipients ?? parseJson<string[]>(saved?.recipients, []);
    if (!recipients.length) throw conflict('no recipients: save a schedule first or give recipients');
    const r = await sendReport(c.get('app'), { workspaceId: p.workspaceId, frequency: body.frequency ?? saved?.frequency ?? 'weekly', recipients });
    if (r.sent) return c.json(r);
    // The usual error shape (clients read error.message), with the period it was for.
    return c.json({ sent: false, period: r.period, error: { code: 'mail_failed', message: r.error } }, 502);
  });
}
