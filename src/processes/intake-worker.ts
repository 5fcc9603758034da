import type { App } from '../app.js';
import { processJournalBatch } from '../intake/processor.js';
import { startLoop } from './loop.js';

/** Drains the journal continuously; woken at once by the receiver in the same process. */
export const startIntakeWorker = (app: App) => startLoop(app, { name: 'intake', topic: '__journal__', step: () => processJournalBatch(app) });
