import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { CUSTOMER_LANGUAGES } from '../../lib/customer-texts/index.js';
import { getWorkspace, setWorkspaceLanguage } from '../../workspaces/workspace-language.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const patchBody = z.object({
  defaultLanguage: z
    .enum(CUSTOMER_LANGUAGES)
    .nullable()
    .describe("language of Hearken's own texts to customers when a conversation's language is unknown; null = English"),
});

export function mountWorkspace(http: Hono<HonoEnv>) {
  http.use('/api/v1/workspace', requireAuth);
  describe({
    method: 'get',
    path: '/api/v1/workspace',
    tag: 'members',
    summary: 'This workspace: name and default customer language (and the languages there are)',
  });
  http.get('/api/v1/workspace', async (c) => c.json({ ...(await getWorkspace(c.get('app'), c.get('principal').workspaceId)), languages: CUSTOMER_LANGUAGES }));
  describe({
    method: 'patch',
    path: '/api/v1/workspace',
    tag: 'members',
    summary: 'Set the default customer language (admin)',
    body: patchBody,
    responses: { '200': 'changed', '400': 'not a language Hearken writes in', '403': 'admin needed' },
  });
  http.patch('/api/v1/workspace', async (c) => {
    const body = await parseBody(c, patchBody);
    requirePermission(c.get('principal'), 'settings.manage');
    const p = c.get('principal');
    return c.json(await setWorkspaceLanguage(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, language: body.defaultLanguage }));
  });
}
