import type { App } from '../app.js';
import { projectStale } from '../metrics/rollup/project-stale.js';
import { startLoop } from './loop.js';

/** Changes to a conversation within this long of its first mark are projected together. */
export const ROLLUP_SETTLE_MS = 1000;

/**
 * Keeps the metric rollups current (metrics/rollup/project-stale.ts) at a lower priority than
 * intake: while deliveries wait in the journal it stands aside, since reports stay exact either
 * way (they recompute stale conversations themselves) and only their speed depends on it.
 */
export const startRollupWorker = (app: App) =>
  startLoop(app, {
    name: 'rollup',
    topic: '__rollup__',
    step: async () => {
      const busy = await app.store.db.selectFrom('journal').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (busy) return 0;
      return projectStale(app, { settleMs: ROLLUP_SETTLE_MS });
    },
  });
