import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { AppError } from '../../lib/errors.js';
import { receiveDelivery } from '../../intake/receive-delivery.js';

/**
 * The webhook receiver as a Hono route (what app.request() and every route-level test reach).
 * The running server answers the same URL on its fast path first (http/webhook-fast-path.ts);
 * both are receiveDelivery().
 */
export function mountReceiver(http: Hono<HonoEnv>) {
  describe({
    method: 'post',
    path: '/webhooks/{channelId}',
    tag: 'intake',
    summary: 'Inbound deliveries from a channel (signed)',
    auth: 'signature',
    responses: {
      '200': 'journaled (journalId; absent in embedded mode, where the delivery is spooled and the worker journals it)',
      '400': 'not JSON',
      '401': 'bad signature',
      '404': 'no such channel',
      '413': 'too large',
    },
  });
  http.post('/webhooks/:channelId', async (c) => {
    const journalId = await receiveDelivery(c.get('app'), c.req.param('channelId'), c.req.header(), await c.req.text());
    return c.json({ ok: true, journalId });
  });
}

/** GET on a webhook URL: the network's subscription handshake, if its adapter has one. */
export function mountHandshake(http: Hono<HonoEnv>) {
  describe({
    method: 'get',
    path: '/webhooks/{channelId}',
    tag: 'intake',
    summary: "A network's webhook verification handshake (Meta hub.challenge, X CRC)",
    auth: 'signature',
    responses: { '200': 'verified', '403': 'wrong token', '404': 'no handshake for this channel' },
  });
  http.get('/webhooks/:channelId', async (c) => {
    const app = c.get('app');
    const ch = await app.channels.get(c.req.param('channelId'));
    if (!ch || ch.row.status !== 'active' || !ch.adapter.handshake) throw new AppError('not_found', 'no handshake for this channel');
    const answer = ch.adapter.handshake(c.req.query(), ch.secrets, ch.settings);
    if (!answer) throw new AppError('not_found', 'not a handshake request');
    return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType ?? 'text/plain' });
  });
}
