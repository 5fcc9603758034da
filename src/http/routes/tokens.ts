import type { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken } from '../../auth/api-tokens.js';
import { listApiTokens } from '../../auth/list-api-tokens.js';
import { revokeApiToken } from '../../auth/revoke-api-token.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

export const createTokenBody = z.object({ name: z.string().trim().min(1).max(100) });

/** API tokens act as their user, with that user's role in the token's workspace. */
export function mountTokens(http: Hono<HonoEnv>) {
  // Also covers the bare /api/v1/tokens path.
  http.use('/api/v1/tokens/*', requireAuth);

  describe({ method: 'get', path: '/api/v1/tokens', tag: 'tokens', summary: 'Your API tokens in this workspace (never the secret)' });
  http.get('/api/v1/tokens', async (c) => {
    const p = c.get('principal');
    return c.json({ tokens: await listApiTokens(c.get('app').store.db, p.workspaceId, p.userId) });
  });

  describe({
    method: 'post',
    path: '/api/v1/tokens',
    tag: 'tokens',
    summary: 'Create an API token; the token is shown once',
    body: createTokenBody,
    responses: { '201': 'created', '400': 'bad input' },
  });
  http.post('/api/v1/tokens', async (c) => {
    const body = await parseBody(c, createTokenBody);
    const app = c.get('app');
    const p = c.get('principal');
    const created = await createApiToken(app.store.db, { workspaceId: p.workspaceId, userId: p.userId, name: body.name, now: app.now() });
    return c.json({ ...created, lastUsedAt: null }, 201);
  });

  describe({
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    tag: 'tokens',
    summary: "Revoke a token (yours; with members.manage: anyone's in the workspace)",
    responses: { '200': 'revoked', '404': 'no such token' },
  });
  http.delete('/api/v1/tokens/:id', async (c) => {
    return c.json(await revokeApiToken(c.get('app'), c.get('principal'), c.req.param('id')));
  });
}
