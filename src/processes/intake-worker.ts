import type { App } from '../app.js';
import { processJournalBatch } from '../intake/processor.js';
import { drainSpool } from '../intake/spool/drain.js';
import { startLoop } from './loop.js';

/**
 * Drains the journal continuously; woken at once by the receiver in the same process (or, in
 * embedded mode, on the web thread). Each step first moves a batch of spooled deliveries into the
 * journal (intake/spool/drain.ts; nothing to do without a spool), then applies a batch.
 */
export const startIntakeWorker = (app: App) =>
  startLoop(app, {
    name: 'intake',
    topic: '__journal__',
    step: async () => (await drainSpool(app)) + (await processJournalBatch(app)),
  });
