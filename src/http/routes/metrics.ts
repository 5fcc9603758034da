import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { z } from 'zod';
import { DIMENSIONS, PERIODS, type GroupBy } from '../../metrics/aggregate.js';
import { computeMetrics } from '../../metrics/compute-metrics.js';
import { metricsByAttribute } from '../../metrics/by-attribute.js';
import { checkResponsiveness } from '../../metrics/responsiveness.js';
import { isValidTimeZone } from '../../hours/zoned-time.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';

const groupBy = [...DIMENSIONS, ...PERIODS] as readonly string[];
export const metricsQuery = z.object({
  from: z.string().max(40).optional().describe('YYYY-MM-DD (start of day) or ISO time; default 30 days before to'),
  to: z.string().max(40).optional().describe('YYYY-MM-DD (end of day) or ISO time; default now'),
  by: z
    .string()
    .max(100)
    .optional()
    .transform((s, ctx) => {
      const parts = s
        ? s
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : [];
      const bad = parts.find((p) => !groupBy.includes(p));
      if (bad) ctx.addIssue({ code: 'custom', message: `"${bad}" is not one of ${groupBy.join(', ')}` });
      else if (parts.filter((p) => (PERIODS as readonly string[]).includes(p)).length > 1)
        ctx.addIssue({ code: 'custom', message: 'at most one of day, week, month' });
      else if (new Set(parts).size !== parts.length) ctx.addIssue({ code: 'custom', message: 'repeats a grouping' });
      return parts as GroupBy[];
    })
    .describe(`comma-separated groupings: ${groupBy.join(', ')}`),
  channel: z.string().max(64).optional(),
  kind: z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat']).optional(),
  team: z.string().max(64).optional().describe('team id, or "none"'),
  agent: z.string().max(64).optional().describe('user id, or "none"'),
  tag: z.string().max(64).optional(),
  time: z.enum(['calendar', 'business']).default('calendar'),
  tz: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { message: 'must be an IANA time zone' })
    .optional()
    .describe('zone of day/week/month buckets and dates; default the business-hours zone, else UTC'),
});

const T = 'metrics';
describe({
  method: 'get',
  path: '/api/v1/metrics',
  tag: T,
  summary: 'The metrics table (definitions: docs/metrics.md), grouped and filtered, in calendar or business time',
  query: metricsQuery,
});
const byAttributeQuery = metricsQuery.omit({ by: true }).extend({
  key: z.string().min(1).max(40).describe("a select or yes/no contact attribute's key (Settings → Contact attributes)"),
});
describe({
  method: 'get',
  path: '/api/v1/metrics/by-attribute',
  tag: T,
  summary: "The metrics with one row per value of a contact attribute (the contact's value now; 'none' = no value)",
  query: byAttributeQuery,
  responses: { '200': 'rows per value', '400': 'no such attribute, or not a select or yes/no one' },
});
describe({
  method: 'get',
  path: '/api/v1/metrics/responsiveness',
  tag: T,
  summary: "Meta's responsiveness rule per channel over the last 7 days, and what is missing",
});

export function mountMetrics(http: Hono<HonoEnv>) {
  http.use('/api/v1/metrics', requireAuth);
  http.use('/api/v1/metrics/*', requireAuth);

  http.get('/api/v1/metrics', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    const { from, to, by, time, tz, channel, kind, team, agent, tag } = parseQuery(c, metricsQuery);
    return c.json(
      await computeMetrics(c.get('app'), {
        workspaceId: c.get('principal').workspaceId,
        from,
        to,
        by,
        time,
        timeZone: tz,
        filters: { channel, kind, team, agent, tag },
      }),
    );
  });

  http.get('/api/v1/metrics/by-attribute', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    const { key, from, to, time, tz, channel, kind, team, agent, tag } = parseQuery(c, byAttributeQuery);
    return c.json(
      await metricsByAttribute(c.get('app'), {
        workspaceId: c.get('principal').workspaceId,
        key,
        from,
        to,
        time,
        timeZone: tz,
        filters: { channel, kind, team, agent, tag },
      }),
    );
  });

  http.get('/api/v1/metrics/responsiveness', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    return c.json(await checkResponsiveness(c.get('app'), { workspaceId: c.get('principal').workspaceId }));
  });
}
