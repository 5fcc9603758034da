import type { Hono } from 'hono';
import type { HonoEnv } from '../http/context.js';
import { describe } from '../http/openapi.js';
import { AppError } from '../lib/errors.js';
import { loadChannel, type LoadedChannel } from '../channels/load-channel.js';
import { journalDelivery } from './journal.js';

/** Headers worth keeping with a delivery (signatures, ids, content type); the rest is noise. */
const KEEP = /^(content-type|x-hearken-|x-hub-signature|x-twitter-|x-telegram-|user-agent|x-request-id)/;

// Channel rows change rarely; a short cache keeps the acknowledgement path to one write.
const cache = new Map<string, { ch: LoadedChannel; until: number }>();
const CACHE_MS = 30_000;

/**
 * The webhook receiver: verify, journal, acknowledge — nothing else before answering, so the
 * network never times out on us. Parsing happens later in the processor (intake/processor.ts).
 */
export function mountReceiver(http: Hono<HonoEnv>) {
  describe({ method: 'post', path: '/webhooks/{channelId}', tag: 'intake', summary: 'Inbound deliveries from a channel (signed)', auth: 'signature', responses: { '200': 'journaled', '400': 'not JSON', '401': 'bad signature', '404': 'no such channel', '413': 'too large' } });
  http.post('/webhooks/:channelId', async (c) => {
    const app = c.get('app');
    const id = c.req.param('channelId');
    const now = app.now();
    let hit = cache.get(id);
    if (!hit || hit.until < now) {
      const ch = await loadChannel(app.store.db, app.config, id);
      if (!ch) throw new AppError('not_found', 'channel not found');
      hit = { ch, until: now + CACHE_MS };
      cache.set(id, hit);
    }
    const { ch } = hit;
    if (ch.row.status !== 'active') throw new AppError('not_found', 'channel is disabled');
    const body = await c.req.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.req.header())) if (KEEP.test(k)) headers[k] = v;
    ch.adapter.verify({ headers, body }, ch.secrets, now);
    let validJson = true;
    try {
      JSON.parse(body);
    } catch {
      validJson = false;
    }
    // Signed but not JSON: kept (failed, with the reason) so an admin can see what the network sent.
    const journalId = await journalDelivery(app.store.db, {
      workspaceId: ch.row.workspace_id,
      channelId: ch.row.id,
      headers,
      body,
      receivedAt: now,
      ...(validJson ? {} : { status: 'failed' as const, error: 'body is not valid JSON' }),
    });
    if (!validJson) throw new AppError('invalid_request', 'body: must be valid JSON', [{ field: '(body)', reason: 'must be valid JSON' }]);
    app.bus.poke('__journal__');
    return c.json({ ok: true, journalId });
  });
}

/** GET on a webhook URL: the network's subscription handshake, if its adapter has one. */
export function mountHandshake(http: Hono<HonoEnv>) {
  describe({ method: 'get', path: '/webhooks/{channelId}', tag: 'intake', summary: "A network's webhook verification handshake (Meta hub.challenge, X CRC)", auth: 'signature', responses: { '200': 'verified', '403': 'wrong token', '404': 'no handshake for this channel' } });
  http.get('/webhooks/:channelId', async (c) => {
    const app = c.get('app');
    const ch = await loadChannel(app.store.db, app.config, c.req.param('channelId'));
    if (!ch || ch.row.status !== 'active' || !ch.adapter.handshake) throw new AppError('not_found', 'no handshake for this channel');
    const answer = ch.adapter.handshake(c.req.query(), ch.secrets, ch.settings);
    if (!answer) throw new AppError('not_found', 'not a handshake request');
    return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType ?? 'text/plain' });
  });
}

export function forgetChannel(id: string) {
  cache.delete(id);
}
