import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { App } from '../app.js';
import type { HonoEnv } from './context.js';
import { drainAfterResponse } from './drain-request.js';
import { webhookFastPath } from './webhook-fast-path.js';
import { logRequest } from './request-log.js';

/** The web role's HTTP server: webhook deliveries on their fast path, everything else through Hono. */
export function listen(app: App, http: Hono<HonoEnv>, o: { port: number; hostname: string }, onListening?: (info: AddressInfo) => void): Server {
  const fast = webhookFastPath(app);
  // The adapter's own draining of unread bodies cuts the connection too soon: drain-request.ts does it.
  const hono = getRequestListener(http.fetch, { hostname: o.hostname, autoCleanupIncoming: false });
  const server = createServer((req, res) => {
    logRequest(app, req, res);
    drainAfterResponse(req, res);
    if (!fast(req, res)) void hono(req, res);
  });
  server.listen(o.port, o.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}
