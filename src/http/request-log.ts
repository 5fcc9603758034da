import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { newId } from '../lib/ids.js';
import { log } from '../lib/log.js';
import { metricsOf } from '../observability/registry.js';

/** A request slower than this is logged under HEARKEN_ACCESS_LOG=errors too. */
const SLOW_MS = 1000;

/**
 * One JSON line per request the operator asked for (HEARKEN_ACCESS_LOG), carrying the request id
 * the client saw in x-request-id, so a user's "it failed" can be found in the logs. Attached at
 * the socket level so the webhook fast path and Hono's routes are logged alike. The path is
 * logged without its query string (tokens and search terms live there).
 */
export function logRequest(app: App, req: IncomingMessage, res: ServerResponse): void {
  // The id is settled here, for both paths: they read it back from the header they always honoured.
  const given = req.headers['x-request-id'];
  const requestId = (typeof given === 'string' && given.slice(0, 64)) || newId();
  req.headers['x-request-id'] = requestId;
  const mode = app.config.accessLog;
  if (mode === 'off') return;
  const start = performance.now();
  res.once('finish', () => {
    const ms = Math.round(performance.now() - start);
    if (mode === 'errors' && res.statusCode < 400 && ms < SLOW_MS) return;
    const fields = {
      requestId,
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      status: res.statusCode,
      ms,
    };
    if (res.statusCode >= 500) log.error('http', fields);
    else log.info('http', fields);
  });
}

/** Records one answer in the latency histogram; the route is the pattern that matched, never the raw path. */
export function observeHttp(app: App, route: string, method: string, status: number, seconds: number): void {
  metricsOf(app).http.observe({ route, method, status: `${Math.floor(status / 100)}xx` }, seconds);
}
