import type { App } from '../app.js';
import { startEnrichWorker } from './enrich-worker.js';
import { startIntakeWorker } from './intake-worker.js';
import { startJobWorker } from './job-worker.js';
import { startReactorWorker } from './reactor-worker.js';
import { startRollupWorker } from './rollup-worker.js';

/** The worker role's loops: intake, jobs (the outbox among them), triage, metric rollups, reactors. Returns their stops. */
export const startWorkerRole = (app: App): Array<() => Promise<void>> => [
  startIntakeWorker(app),
  startJobWorker(app),
  startEnrichWorker(app),
  startRollupWorker(app),
  startReactorWorker(app),
];
