import { threadId } from 'node:worker_threads';

/**
 * Whose turn it is to write, between the threads of one embedded process (processes/
 * embedded-worker.ts), each with its own connection to the SQLite file. SQLite's own busy handler
 * is not fair: a waiting connection sleeps 1, 2, 5, 10… ms between tries, and a worker that commits
 * and begins again in the same instant takes the lock back every time — acknowledgements on the web
 * thread waited seconds behind a big delivery. Here a thread takes a ticket and waits for its turn
 * (Atomics.wait: woken the moment the one before it finishes), so the web thread waits for at most
 * the transaction in progress. Slots: [0] next ticket, [1] ticket served, [2] the holder's threadId + 1.
 */
const STALE_TURN_MS = 5000;

export class WriteTurns {
  private readonly a: Int32Array;
  /** Nested acquisitions on this thread (a write statement inside its own transaction takes none). */
  private depth = 0;

  constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)) {
    this.a = new Int32Array(shared);
  }

  acquire(): void {
    if (this.depth++ > 0) return;
    const ticket = Atomics.add(this.a, 0, 1);
    let seen = Atomics.load(this.a, 1);
    let since = Date.now();
    for (;;) {
      const serving = Atomics.load(this.a, 1);
      // Int32 arithmetic wraps the same way for both counters, so equality still means "my turn".
      if (serving === ticket) break;
      if (serving !== seen) [seen, since] = [serving, Date.now()];
      // A turn nobody took for seconds belongs to a thread that died waiting: skip it. Only
      // fairness rests on these turns; SQLite's own lock (and busy timeout) still keeps writes apart.
      else if (Date.now() - since > STALE_TURN_MS && Atomics.load(this.a, 2) === 0) Atomics.compareExchange(this.a, 1, serving, serving + 1);
      Atomics.wait(this.a, 1, serving, 500);
    }
    Atomics.store(this.a, 2, threadId + 1);
  }

  release(): void {
    if (this.depth === 0) return;
    if (--this.depth > 0) return;
    Atomics.store(this.a, 2, 0);
    Atomics.add(this.a, 1, 1);
    Atomics.notify(this.a, 1);
  }

  /** Whether another thread has taken a ticket and waits behind this one (call while holding the turn). */
  othersWaiting(): boolean {
    return ((Atomics.load(this.a, 0) - Atomics.load(this.a, 1)) | 0) > 1;
  }

  /** Whether this thread holds the turn. */
  get held(): boolean {
    return this.depth > 0;
  }

  /**
   * A thread that died holding the turn (its connection closed, so SQLite's lock is gone too)
   * would leave every other thread waiting forever: the thread that saw it exit passes the turn on.
   */
  releaseFor(deadThreadId: number): void {
    if (Atomics.compareExchange(this.a, 2, deadThreadId + 1, 0) === deadThreadId + 1) {
      Atomics.add(this.a, 1, 1);
      Atomics.notify(this.a, 1);
    }
  }
}
