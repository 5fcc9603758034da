import type { App } from '../app.js';
import { LOG_TOPIC } from '../events/bus.js';
import { type Reactor, runReactors } from '../events/reactors.js';
import { startLoop } from './loop.js';
import { reactors } from './reactors.js';

/** Wake-ups this close together are served by one pass (intake appends in bursts). */
const COALESCE_MS = 20;

/**
 * The one loop that runs every reactor: woken when any workspace's log grows in this process or,
 * with PostgreSQL, in another (the bus relays NOTIFY), else by the worker poll. Any number of
 * processes may run it: reactors claim their pages by compare-and-set.
 */
export const startReactorWorker = (app: App, list: readonly Reactor[] = reactors) =>
  startLoop(app, { name: 'reactor', topic: LOG_TOPIC, settleMs: COALESCE_MS, step: () => runReactors(app, list) });
