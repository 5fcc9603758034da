import type { Hono } from 'hono';
import { z } from 'zod';
import { invalid } from '../../lib/errors.js';
import { log } from '../../lib/log.js';
import { listEvents } from '../../realtime/list-events.js';
import { streamEvents } from '../../realtime/stream-events.js';
import { credentialCheck, requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';
import { SseStream, type SseOut } from '../sse-stream.js';

// Event ids are non-negative integers well inside 2^53; a regex keeps "" and "1e3" out.
const eventId = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer event id')
  .transform(Number);
const eventType = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'must be an event type such as message.received');

const streamQuery = z.object({ cursor: eventId.optional() });

const listQuery = z.object({
  after: eventId.default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  type: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(eventType).min(1).max(20))
    .optional(),
});

/** Realtime: the workspace's event log as Server-Sent Events, and as JSON pages for pollers. */
export function mountStream(http: Hono<HonoEnv>) {
  http.use('/api/v1/stream', requireAuth);
  http.use('/api/v1/events', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/stream',
    tag: 'realtime',
    summary: 'Server-Sent Events of the workspace log; resumes after Last-Event-ID (or ?cursor), else from now',
    query: streamQuery,
    responses: { '200': 'text/event-stream', '400': 'bad cursor', '401': 'not signed in' },
  });
  http.get('/api/v1/stream', async (c) => {
    const query = parseQuery(c, streamQuery);
    // EventSource keeps the original URL on reconnect, so the header it adds must win over ?cursor.
    const header = c.req.header('last-event-id');
    let cursor = query.cursor ?? null;
    if (header !== undefined && header.trim() !== '') {
      const parsed = eventId.safeParse(header.trim());
      if (!parsed.success) throw invalid('header.Last-Event-ID', 'must be a non-negative integer event id');
      cursor = parsed.data;
    }
    const principal = c.get('principal');
    const app = c.get('app');
    const run = async (stream: SseOut) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      c.req.raw.signal.addEventListener('abort', () => abort.abort(), { once: true });
      // Presence frames carry no id: they are not in the log and are not replayed on reconnect.
      const offPresence = app.bus.on(`presence:${principal.workspaceId}`, (p) => {
        if (!abort.signal.aborted) stream.writeSSE({ event: 'presence', data: JSON.stringify(p) }).catch(() => abort.abort());
      });
      try {
        await streamEvents(app, principal, {
          cursor,
          signal: abort.signal,
          stillAuthorized: credentialCheck(c),
          sink: {
            ready: (at) => stream.writeSSE({ event: 'ready', id: String(at), data: JSON.stringify({ cursor: at }), retry: 2000 }),
            frames: (text) => stream.write(text).then(() => undefined),
            heartbeat: () => stream.write(': keep-alive\n\n').then(() => undefined),
            // EventSource reconnects after the stream ends, gets 401, and stops.
            revoked: () =>
              stream.writeSSE({
                event: 'error',
                data: JSON.stringify({ code: 'unauthenticated', message: 'the session or API token is no longer valid; sign in again' }),
              }),
          },
        });
      } catch (err) {
        // Headers are gone already: tell the client in-band and close; EventSource reconnects with Last-Event-ID.
        log.error('realtime stream failed', { requestId: c.get('requestId'), err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ code: 'internal', message: `stream interrupted (request ${c.get('requestId')})` }) });
      } finally {
        offPresence();
        abort.abort();
      }
    };
    const out = new SseStream();
    void run(out).finally(() => out.close());
    c.header('Content-Type', 'text/event-stream');
    c.header('Cache-Control', 'no-cache');
    c.header('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses by default, which would hold events back.
    c.header('X-Accel-Buffering', 'no');
    return c.body(out.body);
  });

  describe({
    method: 'get',
    path: '/api/v1/events',
    tag: 'realtime',
    summary: 'A page of the workspace event log after a cursor, oldest first',
    query: listQuery,
    responses: { '200': '{events, nextCursor, hasMore}', '400': 'bad query', '401': 'not signed in' },
  });
  http.get('/api/v1/events', async (c) => {
    const q = parseQuery(c, listQuery);
    return c.json(await listEvents(c.get('app'), c.get('principal'), { after: q.after, limit: q.limit, types: q.type }));
  });
}
