import type { Hono } from 'hono';
import { z } from 'zod';
import { analyzeMessage } from '../../enrich/analyze.js';
import { checkTone } from '../../enrich/tone.js';
import { effectiveToneRules } from '../../enrich/workspace-tone-rules.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const analyzeBody = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(20_000),
  kind: z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat']).optional(),
  brandHandles: z.array(z.string().min(1).max(100)).max(20).optional(),
});
const toneBody = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(20_000),
  customerText: z.string().max(20_000).optional(),
  customerName: z.string().max(200).optional(),
  language: z.string().min(2).max(16).optional(),
});

const T = 'enrich';
describe({
  method: 'post',
  path: '/api/v1/analyze',
  tag: T,
  summary: 'Analyse a message locally: language, sentiment, intent, needs-reply, troll score, PII spans',
  body: analyzeBody,
  responses: { '200': '{language, sentiment, intent, needsReply, troll, pii}', '400': 'bad text', '401': 'not signed in' },
});
describe({
  method: 'post',
  path: '/api/v1/tone-check',
  tag: T,
  summary: 'Tone hints for a draft reply (dismissive words, blame, no apology, no name) with positions',
  body: toneBody,
  responses: { '200': '{language, hints: [{kind, message, start?, end?, text?}]}', '400': 'bad text', '401': 'not signed in' },
});

/** Analysis endpoints (stateless but for the workspace's tone rules) for the composer and for API users; any role may call them. */
export function mountEnrich(http: Hono<HonoEnv>) {
  http.use('/api/v1/analyze', requireAuth);
  http.use('/api/v1/tone-check', requireAuth);

  http.post('/api/v1/analyze', async (c) => {
    const { text, ...ctx } = await parseBody(c, analyzeBody);
    return c.json(analyzeMessage(text, ctx));
  });

  // The workspace's own tone rules (settings → Tone rules) on top of the built-in lists.
  http.post('/api/v1/tone-check', async (c) => {
    const body = await parseBody(c, toneBody);
    return c.json(checkTone({ ...body, rules: await effectiveToneRules(c.get('app'), c.get('principal').workspaceId) }));
  });
}
