import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { saveAutoReplySettings } from '../../auto-replies/save-settings.js';
import { autoReplySettingsSchema, listSettings } from '../../auto-replies/settings.js';
import { channelAutoReplies } from '../../auto-replies/channel-settings.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const T = 'auto-replies';
describe({
  method: 'get',
  path: '/api/v1/auto-replies',
  tag: T,
  summary: 'Auto-acknowledge and away settings: the workspace default and every channel override',
});
describe({ method: 'put', path: '/api/v1/auto-replies', tag: T, summary: 'Set the workspace default (admin)', body: autoReplySettingsSchema });
describe({
  method: 'get',
  path: '/api/v1/channels/{id}/auto-replies',
  tag: T,
  summary: 'The settings in force for a channel and where they come from (override, workspace, none)',
});
describe({ method: 'put', path: '/api/v1/channels/{id}/auto-replies', tag: T, summary: "Set a channel's own settings (admin)", body: autoReplySettingsSchema });
describe({
  method: 'delete',
  path: '/api/v1/channels/{id}/auto-replies',
  tag: T,
  summary: 'The channel follows the workspace default again (admin)',
  responses: { '200': 'removed', '404': 'the channel has no settings of its own' },
});

export function mountAutoReplies(http: Hono<HonoEnv>) {
  http.use('/api/v1/auto-replies', requireAuth);
  // /api/v1/channels/* is authenticated by the channels routes.

  http.get('/api/v1/auto-replies', async (c) => c.json(await listSettings(c.get('app').store.db, c.get('principal').workspaceId)));

  http.put('/api/v1/auto-replies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const settings = await parseBody(c, autoReplySettingsSchema);
    await saveAutoReplySettings(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, settings });
    return c.json(await listSettings(c.get('app').store.db, p.workspaceId));
  });

  http.get('/api/v1/channels/:id/auto-replies', async (c) => c.json(await channelAutoReplies(c.get('app'), c.get('principal').workspaceId, c.req.param('id'))));

  http.put('/api/v1/channels/:id/auto-replies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const settings = await parseBody(c, autoReplySettingsSchema);
    await saveAutoReplySettings(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, channelId: c.req.param('id'), settings });
    return c.json(await channelAutoReplies(c.get('app'), c.get('principal').workspaceId, c.req.param('id')));
  });

  http.delete('/api/v1/channels/:id/auto-replies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await saveAutoReplySettings(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, channelId: c.req.param('id'), settings: null });
    return c.json(await channelAutoReplies(c.get('app'), c.get('principal').workspaceId, c.req.param('id')));
  });
}
