import type { Store } from './db.js';
import { setWriteTurns } from './dialects/sqlite.js';
import { enableThreadWakeups } from './thread-wakeups.js';
import { WriteTurns } from './write-turns.js';

/**
 * Makes a store one of the threads of an embedded process sharing its SQLite file
 * (processes/embedded-worker.ts): its writes take turns with theirs (write-turns.ts) and its
 * wake-ups reach them (thread-wakeups.ts). The first thread creates the shared turns; the others
 * join with what it hands them. `leave` undoes both.
 */
export function joinThreads(store: Store, shared?: SharedArrayBuffer): { turns: WriteTurns; leave: () => void } {
  const turns = new WriteTurns(shared);
  setWriteTurns(store.db, turns);
  const stopWakeups = enableThreadWakeups(store);
  store.writeWanted = () => turns.othersWaiting();
  return {
    turns,
    leave: () => {
      store.writeWanted = undefined;
      stopWakeups();
      setWriteTurns(store.db, null);
    },
  };
}
