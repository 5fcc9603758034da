import type { App } from '../app.js';
import { enrichPending } from '../enrich/enrich-pending.js';
import { startLoop } from './loop.js';

/**
 * Analyses new customer messages shortly after intake stores them (see enrich/enrich-pending.ts).
 * Woken by the same journal pokes as intake, it waits a moment so intake can thread them first.
 */
export const startEnrichWorker = (app: App) => startLoop(app, { name: 'enrich', topic: '__journal__', step: () => enrichPending(app), settleMs: 20 });
