import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { z } from 'zod';
import { searchMessages } from '../../search/search-messages.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';

// A missing or blank q reaches the use-case as '' so every "nothing to search" answer names field q.
const searchQuery = z.object({
  q: z.string().max(500).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** Full-text search over the caller's workspace's messages; any role may search. */
export function mountSearch(http: Hono<HonoEnv>) {
  http.use('/api/v1/search', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/search',
    tag: 'search',
    summary: 'Search messages (customer messages, replies, notes), newest first; every word must match, the last one as a prefix',
    query: searchQuery,
    responses: {
      '200': '{results: [{messageId, conversationId, direction, body, snippet, createdAt}], nextCursor}',
      '400': 'q has nothing searchable, or a bad limit/cursor',
      '401': 'not signed in',
    },
  });
  http.get('/api/v1/search', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    const query = parseQuery(c, searchQuery);
    const p = c.get('principal');
    return c.json(await searchMessages(c.get('app').store, { workspaceId: p.workspaceId, ...query }));
  });
}
