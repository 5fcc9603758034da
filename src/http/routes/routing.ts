import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAnyPermission, requirePermission } from '../../auth/roles.js';
import { getBoard } from '../../routing/board.js';
import { listAvailability } from '../../routing/list-availability.js';
import { getTeamRouting, saveTeamRouting } from '../../routing/save-team-routing.js';
import { setAvailability } from '../../routing/set-availability.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const T = 'routing';
const kinds = ['dm', 'comment', 'mention', 'review', 'email', 'chat'] as const;
const count = z.number().int().min(0).max(10_000);
const capacity = z.strictObject(Object.fromEntries(kinds.map((k) => [k, count.optional()])) as Record<(typeof kinds)[number], z.ZodOptional<typeof count>>);
const idList = z.array(z.string().min(1).max(64)).max(200);
const words = z.array(z.string().trim().min(1).max(64)).max(50);
const minutes = z.number().int().min(1).max(10_080).nullable();

export const teamRoutingBody = z.object({
  mode: z.enum(['manual', 'round_robin', 'load_balanced']),
  capacity: capacity.default({}),
  intakeChannels: idList.default([]),
  noAnswerMinutes: minutes.default(null),
  offlineMinutes: z.number().int().min(0).max(10_080).nullable().default(null),
  members: z
    .array(
      z.object({
        userId: z.string().min(1).max(64),
        capacity: capacity.nullable().default(null),
        languages: words.default([]),
        channels: idList.default([]),
        tags: words.default([]),
      }),
    )
    .max(500)
    .optional(),
});
export const availabilityBody = z.object({ status: z.enum(['online', 'busy', 'away']) });
export const heartbeatBody = z.object({
  idleMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3_600_000),
});
const boardQuery = z.object({ teamId: z.string().min(1).max(64).optional() });

export function mountRouting(http: Hono<HonoEnv>) {
  // /teams/* and /me/* are authenticated by their own modules (teams.ts, views.ts).
  for (const p of ['/api/v1/routing/*', '/api/v1/availability']) http.use(p, requireAuth);

  describe({ method: 'get', path: '/api/v1/teams/{id}/routing', tag: T, summary: "A team's routing: mode, capacity, skills, when work returns to the queue" });
  http.get('/api/v1/teams/:id/routing', async (c) => c.json(await getTeamRouting(c.get('app'), c.get('principal').workspaceId, c.req.param('id'))));

  describe({
    method: 'put',
    path: '/api/v1/teams/{id}/routing',
    tag: T,
    summary: "Set a team's routing (settings.manage or members.manage); members not listed keep their overrides",
    body: teamRoutingBody,
    responses: { '200': 'the settings', '400': 'bad input (field named)', '404': 'no such team' },
  });
  http.put('/api/v1/teams/:id/routing', async (c) => {
    const body = await parseBody(c, teamRoutingBody);
    requireAnyPermission(c.get('principal'), ['settings.manage', 'members.manage']);
    return c.json(await saveTeamRouting(c.get('app'), c.get('principal'), c.req.param('id'), body));
  });

  describe({
    method: 'get',
    path: '/api/v1/routing/board',
    tag: T,
    summary: 'The live board: per team, agents with status and load against capacity, waiting conversations and the oldest wait',
    query: boardQuery,
  });
  http.get('/api/v1/routing/board', async (c) => {
    const q = parseQuery(c, boardQuery);
    requirePermission(c.get('principal'), 'conversations.view');
    return c.json({ teams: await getBoard(c.get('app'), c.get('principal').workspaceId, q.teamId), now: c.get('app').now() });
  });

  describe({ method: 'get', path: '/api/v1/availability', tag: T, summary: "Every member's availability: online, busy or away (and why)" });
  http.get('/api/v1/availability', async (c) => c.json({ members: await listAvailability(c.get('app'), c.get('principal').workspaceId) }));

  describe({ method: 'get', path: '/api/v1/me/availability', tag: T, summary: 'Your availability in this workspace' });
  http.get('/api/v1/me/availability', async (c) => {
    const p = c.get('principal');
    const [me] = await listAvailability(c.get('app'), p.workspaceId, p.userId);
    return c.json(me);
  });

  describe({
    method: 'put',
    path: '/api/v1/me/availability',
    tag: T,
    summary: 'Set your availability by hand: online, busy (no new work) or away',
    body: availabilityBody,
  });
  http.put('/api/v1/me/availability', async (c) => {
    const body = await parseBody(c, availabilityBody);
    const p = c.get('principal');
    return c.json(await setAvailability(c.get('app'), { workspaceId: p.workspaceId, userId: p.userId, chosen: body.status }));
  });

  describe({
    method: 'post',
    path: '/api/v1/me/availability/heartbeat',
    tag: T,
    summary: 'An open tab says it is there, and how long since the member last used it (the web app sends it every 30 s)',
    body: heartbeatBody,
  });
  http.post('/api/v1/me/availability/heartbeat', async (c) => {
    const body = await parseBody(c, heartbeatBody);
    const p = c.get('principal');
    return c.json(await setAvailability(c.get('app'), { workspaceId: p.workspaceId, userId: p.userId, heartbeat: { idleMs: body.idleMs } }));
  });
}
