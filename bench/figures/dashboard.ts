import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { GroupBy } from '../../src/metrics/aggregate.js';
import { computeMetrics } from '../../src/metrics/compute-metrics.js';
import { projectAll } from '../../src/metrics/rollup/project-stale.js';
import { dashboardExtras } from '../../src/reports/dashboard.js';
import { migrate, openStore } from '../../src/store/db.js';
import { loadMetricsDataset, type MetricsDatasetSize } from '../lib/metrics-dataset.js';
import { note, percentile, timeEach } from '../lib/stats.js';

export interface DashboardFigures {
  size: MetricsDatasetSize;
  counts: { conversations: number; messages: number; events: number; slaClocks: number; surveys: number };
  loadSec: number;
  dbMiB: number;
  projectSec: number;
  projectPerSec: number;
  /** p95 over every dashboard query (the figure), and per query shape. */
  p95: number;
  p50: number;
  byShape: Record<string, { p50: number; p95: number }>;
  /** The same 30-day total computed from scratch (no rollups), for comparison. */
  fromScratchMedian: number;
  /** Ceiling: raw read + JSON.parse of the stored hours the largest shape (30 days by agent) needs. */
  ceilingP95: number;
  /** Ceiling of the projector: raw inserts of metric_cycles-shaped rows per second. */
  ceilingRowsPerSec: number;
  cyclesIn30Days: number;
  samples: number;
}

const DAY = 86_400_000;

/**
 * Issue 5's figure: the queries of the reports dashboard (the total, the day series, the agent,
 * team, channel and tag tables, the charts' extras), in-process through computeMetrics and
 * dashboardExtras as the HTTP routes call them, over one workspace with `conversations`
 * conversations and ~10 event-log rows each, embedded mode. The rollups are built first by the
 * real projector from the event log (its speed is a figure too).
 */
export async function dashboardQueries(o: { size: MetricsDatasetSize; iterations: number }): Promise<DashboardFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-dash-'));
  const config = loadConfig({
    HEARKEN_DATA_DIR: dir,
    HEARKEN_DATABASE_URL: `sqlite:${path.join(dir, 'hearken.db')}`,
    HEARKEN_SECRET_KEY: randomBytes(32).toString('hex'),
    HEARKEN_DEMO: 'false',
  });
  const store = openStore(config.db);
  try {
    await migrate(store);
    note(`dashboard: loading ${o.size.conversations} conversations over ${o.size.days} days…`);
    const data = loadMetricsDataset(store, o.size);
    note(
      `dashboard: loaded in ${data.loadSec.toFixed(0)} s: ${data.messages} messages, ${data.events} event-log rows, ${data.slaClocks} SLA clocks, ${data.surveys} survey answers`,
    );
    const app = createApp(config, store, new Map());
    note('dashboard: projecting every conversation into the metric rollups (the real projector)…');
    const p0 = performance.now();
    const projected = await projectAll(app);
    const projectSec = (performance.now() - p0) / 1000;
    store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    store.sqlite!.pragma('optimize');
    const pages = store.sqlite!.pragma('page_count', { simple: true }) as number;
    const pageSize = store.sqlite!.pragma('page_size', { simple: true }) as number;
    note(`dashboard: ${projected} conversations projected in ${projectSec.toFixed(0)} s; database ${((pages * pageSize) / 2 ** 20).toFixed(0)} MiB`);

    const ws = data.workspaceId;
    const now = app.now();
    const iso = (t: number) => new Date(t).toISOString();
    const last = (days: number) => ({ from: iso(now - days * DAY), to: iso(now) });
    const metrics =
      (by: GroupBy[], extra: Record<string, unknown> = {}) =>
      () =>
        computeMetrics(app, { workspaceId: ws, ...last(30), by, time: 'calendar', timeZone: 'Europe/Berlin', ...extra });
    const shapes: Record<string, () => Promise<unknown>> = {
      'total 30 d': metrics([]),
      'by day 30 d': metrics(['day']),
      'by agent 30 d': metrics(['agent']),
      'by team 30 d': metrics(['team']),
      'by channel 30 d': metrics(['channel']),
      'by tag 30 d': metrics(['tag']),
      'charts 30 d': () => dashboardExtras(app, { workspaceId: ws, ...last(30), time: 'calendar', timeZone: 'Europe/Berlin', filters: {} }),
      'by day 30 d, business time': metrics(['day'], { time: 'business' }),
      'by agent 30 d, one channel': metrics(['agent'], { filters: { channel: data.channelIds[1] } }),
      'total 90 d': () => computeMetrics(app, { workspaceId: ws, ...last(90), by: [], time: 'calendar', timeZone: 'Europe/Berlin' }),
    };
    for (const fn of Object.values(shapes)) await fn(); // warm caches, as a dashboard in use would be
    const byShape: DashboardFigures['byShape'] = {};
    const all: number[] = [];
    for (const [name, fn] of Object.entries(shapes)) {
      const times = await timeEach(o.iterations, fn);
      all.push(...times);
      byShape[name] = { p50: percentile(times, 50), p95: percentile(times, 95) };
      note(`dashboard: ${name}: p50 ${byShape[name].p50.toFixed(0)} ms, p95 ${byShape[name].p95.toFixed(0)} ms`);
    }
    const scratch = await timeEach(3, () =>
      computeMetrics(app, { workspaceId: ws, ...last(30), by: [], time: 'calendar', timeZone: 'Europe/Berlin', fromScratch: true }),
    );
    const raw = store.sqlite!.prepare("SELECT data FROM metric_buckets WHERE workspace_id = ? AND dim = 'agent' AND day >= ? AND day <= ?").pluck();
    const rawTimes = await timeEach(o.iterations, async () => {
      for (const data of raw.all(ws, Math.floor((now - 30 * DAY) / DAY), Math.floor(now / DAY)) as string[]) JSON.parse(data);
    });
    const cycles = store
      .sqlite!.prepare('SELECT count(*) FROM metric_cycles WHERE workspace_id = ? AND start_at >= ?')
      .pluck()
      .get(ws, now - 30 * DAY) as number;
    // The projector's ceiling: the bare inserts of rows shaped like its output, in a scratch table.
    const sample = store.sqlite!.prepare('SELECT * FROM metric_cycles LIMIT 500').all() as Array<Record<string, unknown>>;
    store.sqlite!.exec('CREATE TEMP TABLE cycles_ceiling AS SELECT * FROM metric_cycles WHERE 0');
    const cols = Object.keys(sample[0] ?? {});
    const ins = store.sqlite!.prepare(`INSERT INTO cycles_ceiling (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
    const c0 = performance.now();
    let inserted = 0;
    while (performance.now() - c0 < 2000) {
      store.sqlite!.transaction(() => {
        for (const r of sample) ins.run(...cols.map((c) => r[c] as never));
      })();
      inserted += sample.length;
    }
    const ceilingRowsPerSec = inserted / ((performance.now() - c0) / 1000);
    return {
      size: o.size,
      counts: { conversations: data.conversations, messages: data.messages, events: data.events, slaClocks: data.slaClocks, surveys: data.surveys },
      loadSec: data.loadSec,
      dbMiB: (pages * pageSize) / 2 ** 20,
      projectSec,
      projectPerSec: projected / projectSec,
      p95: percentile(all, 95),
      p50: percentile(all, 50),
      byShape,
      fromScratchMedian: percentile(scratch, 50),
      ceilingP95: percentile(rawTimes, 95),
      ceilingRowsPerSec,
      cyclesIn30Days: cycles,
      samples: all.length,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
