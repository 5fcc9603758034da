import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import { metricsOf } from '../../observability/registry.js';
import type { HonoEnv } from '../context.js';

/**
 * GET /metrics in Prometheus' text format, for a scraper holding HEARKEN_METRICS_TOKEN. Without
 * the token configured the route does not exist: queue sizes and route latencies tell an
 * outsider too much to be public by default.
 */
export function mountPrometheus(http: Hono<HonoEnv>) {
  http.get('/metrics', async (c) => {
    const app = c.get('app');
    const token = app.config.metricsToken;
    if (!token) throw new AppError('not_found', 'metrics are off: set HEARKEN_METRICS_TOKEN to turn them on');
    const given = Buffer.from((c.req.header('authorization') ?? '').replace(/^Bearer /i, ''));
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want))
      throw new AppError('unauthenticated', 'metrics need the bearer token HEARKEN_METRICS_TOKEN');
    const { registry } = metricsOf(app);
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  });
}
