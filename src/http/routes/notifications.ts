import type { Hono } from 'hono';
import { z } from 'zod';
import { listNotifications } from '../../notifications/list-notifications.js';
import { markNotificationsRead } from '../../notifications/mark-read.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const listQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.string().max(64).optional(),
});
const readBody = z
  .strictObject({ ids: z.array(z.string().min(1).max(64)).max(200).optional(), all: z.boolean().optional() })
  .refine((b) => b.all === true || !!b.ids?.length, { message: 'give ids, or all: true' });

const T = 'notifications';
describe({
  method: 'get',
  path: '/api/v1/notifications',
  tag: T,
  summary: "Your notifications in this workspace, newest first (unread=true: only unread), with your unread count; before: the previous page's nextBefore",
  query: listQuery,
  responses: { '200': '{notifications, unreadCount, nextBefore}', '400': 'bad query' },
});
describe({
  method: 'post',
  path: '/api/v1/notifications/read',
  tag: T,
  summary: 'Mark your notifications read: ids, or all: true. Ids that are not yours change nothing',
  body: readBody,
  responses: { '200': '{marked, unreadCount}', '400': 'neither ids nor all' },
});

/** The notification centre (src/notifications/): each member reads and clears only their own. */
export function mountNotifications(http: Hono<HonoEnv>) {
  http.use('/api/v1/notifications', requireAuth);
  http.use('/api/v1/notifications/*', requireAuth);
  http.get('/api/v1/notifications', async (c) => c.json(await listNotifications(c.get('app'), c.get('principal'), parseQuery(c, listQuery))));
  http.post('/api/v1/notifications/read', async (c) => {
    const b = await parseBody(c, readBody);
    return c.json(await markNotificationsRead(c.get('app'), c.get('principal'), b));
  });
}
