import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { log } from '../lib/log.js';

/**
 * Lowers the CPU priority of the calling thread only (Linux: setpriority on the thread's own id,
 * read from /proc/thread-self). The embedded worker thread runs at a lower priority than the web
 * thread: when both want the core, acknowledgements and live-stream frames go first and intake
 * catches up in the gaps; with a core free, the worker runs at full speed anyway. Elsewhere (no
 * /proc, not permitted) it logs and leaves the priority as it is.
 */
export function lowerThisThreadPriority(nice: number): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, nice);
  } catch (err) {
    log.info('thread priority left as it is', { err: String(err) });
  }
}
