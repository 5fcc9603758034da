import type { App } from '../app.js';
import { processJournalBatch } from '../intake/processor.js';
import { startLoop } from './loop.js';
import { startParseThread } from '../intake/parse-off-thread.js';

/** Drains the journal continuously; woken at once by the receiver in the same process. */
export function startIntakeWorker(app: App) {
  // Ready before the first big delivery comes, if it can be (big ones are parsed there, not here).
  void startParseThread();
  return startLoop(app, { name: 'intake', topic: '__journal__', step: () => processJournalBatch(app) });
}
