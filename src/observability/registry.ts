import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { App } from '../app.js';
import { collectQueueGauges } from './queue-gauges.js';
import { collectRetentionGauges, type RetentionGauges } from './retention-gauges.js';

/**
 * One Prometheus registry per app (tests run several apps in one process; a global registry
 * would mix them). prom-client, because it is the Prometheus project's own Node client: the
 * text format, histograms and the process metrics (CPU, memory, event-loop lag, GC) come
 * tested; what is Hearken's is which figures an operator needs (docs/operations.md).
 */
export interface Metrics {
  registry: Registry;
  /** Every HTTP answer: route pattern (not the raw path: ids would explode the series), method, status class. */
  http: Histogram<'route' | 'method' | 'status'>;
}

const byApp = new WeakMap<App, Metrics>();

export function metricsOf(app: App): Metrics {
  let m = byApp.get(app);
  if (!m) {
    m = create(app);
    byApp.set(app, m);
  }
  return m;
}

function create(app: App): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hearken_' });
  const http = new Histogram({
    name: 'hearken_http_request_duration_seconds',
    help: 'Time from request to answer, by route pattern, method and status class (2xx, 4xx, 5xx).',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Read from the database on each scrape: the figures are the deployment's, whichever web node
  // answers. prom-client asks every metric at once, so the gauges share one read per scrape.
  let reading: Promise<void> | null = null;
  const refresh = () => {
    reading ??= collectQueueGauges(app, gauges).finally(() => {
      reading = null;
    });
    return reading;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        await refresh();
      },
    });
  const gauges = {
    intakePending: gauge('hearken_intake_pending', 'Deliveries journaled and not yet processed.'),
    intakeLag: gauge('hearken_intake_lag_seconds', 'Age of the oldest delivery still waiting to be processed (0 when none).'),
    intakeFailed: gauge('hearken_intake_failed', 'Deliveries given up after their retries (see `cli failures`).'),
    intakeSpooled: gauge(
      'hearken_intake_spooled_bytes',
      'Embedded mode: bytes of acknowledged deliveries in the intake spool, not yet moved into the journal.',
    ),
    jobs: gauge('hearken_jobs', 'Jobs by name and state (pending, running, failed, needs_human); replies leaving are the outbox job.', ['name', 'state']),
    jobAge: gauge('hearken_job_oldest_due_seconds', 'How long the oldest due, unclaimed job of each name has been waiting (0 when none is due).', ['name']),
    reactorLag: gauge('hearken_reactor_lag_events', "Events written after a reactor's cursor: what it still has to handle.", ['reactor']),
  };
  let retentionRead: Promise<void> | null = null;
  const retention: RetentionGauges = {
    removed: new Gauge<'kind'>({
      name: 'hearken_retention_removed',
      help: 'What data retention removed, all time: journal, events, media (attachments and uploads), conversations, messages, files.',
      labelNames: ['kind'],
      registers: [registry],
      async collect() {
        await readRetention();
      },
    }),
    lastRun: new Gauge({
      name: 'hearken_retention_last_run_timestamp_seconds',
      help: 'When a retention run last finished (0: never).',
      registers: [registry],
      async collect() {
        await readRetention();
      },
    }),
  };
  const readRetention = (): Promise<void> => {
    retentionRead ??= collectRetentionGauges(app, retention).finally(() => {
      retentionRead = null;
    });
    return retentionRead;
  };
  return { registry, http };
}
