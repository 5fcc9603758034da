import type { App } from '../app.js';
import { enrichPending } from '../enrich/enrich-pending.js';
import { runReactors } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { reactors } from '../processes/reactors.js';

/**
 * Runs the worker's whole pipeline in-process until things settle: intake, triage, every reactor,
 * due jobs — `rounds` times, because a job's changes are events that reactors turn into more jobs
 * (a rule assigns a team, routing then picks the agent). For tests that drive the pipeline by hand.
 */
export async function settlePipeline(app: App, rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    while (await processJournalBatch(app)) {}
    while (await enrichPending(app)) {}
    await runReactors(app, reactors);
    while (await runDueJobs(app)) {}
  }
}
