import type { Hono } from 'hono';
import { loadChannel } from '../../channels/load-channel.js';
import type { HonoEnv } from '../context.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { describe } from '../openapi.js';
import { AppError, notFound } from '../../lib/errors.js';
import { acceptDemoReply, demoOutboundSchema } from '../../demo/accept-reply.js';
import { demoBaseUrl } from '../../demo/registry.js';
import { acceptDemoModeration, demoModerationSchema } from '../../demo/moderation.js';

/**
 * The demo network's side of the API channel: the demo channel's callbackUrl points here, so
 * replies to demo customers are "delivered" and "read" like real ones. Only channels whose
 * settings say network "demo" are served, and only with Hearken's own signature.
 */
export function mountDemoCallback(http: Hono<HonoEnv>) {
  describe({
    method: 'post',
    path: '/demo/callback/{channelId}',
    tag: 'demo',
    summary: 'Demo network: accepts replies to demo customers (signed like the API channel)',
    auth: 'signature',
    body: demoOutboundSchema,
    responses: { '200': '{"id": "<network message id>"}', '400': 'not the outbound contract', '401': 'bad signature', '404': 'not a demo channel' },
  });
  // A channel check (channels/api/check.ts) asks the callback URL with HEAD (Hono answers HEAD from
  // the GET route): the demo network says it is there for its own channels, as a customer's receiver
  // would, so "Check connection" passes.
  http.get('/demo/callback/:channelId', async (c) => {
    const app = c.get('app');
    const ch = await loadChannel(app.store.db, app.config, c.req.param('channelId'));
    return c.body(null, ch && ch.row.type === 'api' && ch.settings.network === 'demo' ? 204 : 404);
  });
  http.post('/demo/callback/:channelId', async (c) => {
    const app = c.get('app');
    const channelId = c.req.param('channelId');
    const ch = await loadChannel(app.store.db, app.config, channelId);
    if (!ch || ch.row.type !== 'api' || ch.settings.network !== 'demo' || !ch.secrets.signingSecret) throw notFound('demo channel');
    const body = await c.req.text();
    // The API channel's own check (adapter.verify): the demo network hears Hearken's signature as a customer's server would.
    ch.adapter.verify({ headers: c.req.header(), body }, ch.secrets, app.now());
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError('invalid_request', 'body: must be valid JSON', [{ field: '(body)', reason: 'must be valid JSON' }]);
    }
    // A moderation request (hide, delete… a demo customer's comment): the demo network does it at once.
    if ((json as { type?: unknown } | null)?.type === 'moderation.requested') {
      const mod = demoModerationSchema.safeParse(json);
      if (!mod.success) throw zodToAppError(mod.error);
      return c.json(acceptDemoModeration(channelId, mod.data));
    }
    const parsed = demoOutboundSchema.safeParse(json);
    if (!parsed.success) throw zodToAppError(parsed.error);
    // Post receipts to the address the traffic generator uses; else back to whoever called us.
    const base = demoBaseUrl(channelId) ?? new URL(c.req.url).origin;
    const result = acceptDemoReply(app, {
      channelId,
      secret: ch.secrets.signingSecret,
      webhookUrl: `${base}/webhooks/${channelId}`,
      idempotencyKey: c.req.header('idempotency-key'),
      out: parsed.data,
    });
    return c.json(result);
  });
}
