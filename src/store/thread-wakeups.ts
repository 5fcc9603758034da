import path from 'node:path';
import { BroadcastChannel, threadId } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Store } from './db.js';
import type { DB } from './schema.js';

/**
 * Wake-ups between the threads of one embedded process (the web thread and the worker thread,
 * processes/embedded-worker.ts), each with its own connection to the same SQLite file: what
 * PostgreSQL's NOTIFY is between processes. A BroadcastChannel named after the file reaches every
 * other thread of the process that opened it; a thread ignores its own messages (its in-memory
 * emitter has already told its subscribers). Best effort like NOTIFY: subscribers re-read the log.
 */
interface Wakeup {
  /** The sending thread. */
  s: number;
  c: string;
  p: string;
}

const channelName = (file: string) => `hearken-wakeups:${path.resolve(file)}`;

/** The sender of each store whose threads talk; stores not in it send nothing. */
export const threadWakeups = new WeakMap<Kysely<DB>, { post(channel: string, payload: string): void; close(): void }>();

/**
 * Makes this store's pokes reach the other threads of the process on the same file, and tells the
 * bus where to listen (store.connection.file). Returns what closes the sending side.
 */
export function enableThreadWakeups(store: Store): () => void {
  const file = store.file;
  if (!file) throw new Error('wake-ups between threads need a database file both threads open');
  const bc = new BroadcastChannel(channelName(file));
  bc.unref();
  const sender = {
    post: (c: string, p: string) => bc.postMessage({ s: threadId, c, p } satisfies Wakeup),
    close: () => bc.close(),
  };
  threadWakeups.set(store.db, sender);
  store.connection = { ...store.connection, file };
  return () => {
    threadWakeups.delete(store.db);
    sender.close();
  };
}

export async function listenAcrossThreads(
  file: string,
  channels: readonly string[],
  onNotify: (channel: string, payload: string) => void,
): Promise<() => Promise<void>> {
  const bc = new BroadcastChannel(channelName(file));
  bc.unref();
  const wanted = new Set(channels);
  bc.onmessage = (ev) => {
    const m = (ev as MessageEvent<Wakeup>).data;
    if (m && m.s !== threadId && wanted.has(m.c)) onNotify(m.c, m.p);
  };
  return async () => bc.close();
}
